package dev.familiar.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.connection.ConnectionFailedException;
import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.FakeServerConnection;
import dev.familiar.admin.testing.FakeServerConnector;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.server.testing.MutableClock;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.ServerUnreachableException;
import dev.familiar.model.diag.HealthReport;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellViewModelTest {
    private static final Path DATA_DIR = Path.of("/tmp/familiar-test/desktop");
    private static final ConnectionSettings EMBEDDED = ConnectionSettings.embedded(DATA_DIR);
    private static final ConnectionSettings REMOTE =
            ConnectionSettings.remote("https://familiar.example.com", Credential.apiKey("famk_key-123"));
    private static final ConnectionSettings OPS_LOGIN =
            ConnectionSettings.remote("https://familiar.example.com", Credential.password("ops", "ops-password-123"));
    private static final String DRY_RUN_DETAIL = "dry-run: no payments are taken and Stripe is not called";
    private static final Instant NOW = Instant.parse("2030-05-01T10:00:00Z");
    private static final String NOTICE = String.join("\n",
            " Familiar: first administrator created",
            "   username: admin",
            "   one-time password: s3cretOneTime");

    private final ManualExecutor executor = new ManualExecutor();
    private final FakeServerConnector connector = new FakeServerConnector();
    private final FakeDialogService dialogs = new FakeDialogService();
    private final MutableClock clock = new MutableClock(NOW);
    private final ShellViewModel shell =
            new ShellViewModel(connector, executor, dialogs, DATA_DIR, Duration.ofSeconds(5), clock);

    @Test
    void startingShowsProgressWhileTheEmbeddedServerStarts() {
        shell.start(EMBEDDED);

        assertThat(shell.busyProperty().get()).isTrue();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Starting embedded server…");
        assertThat(shell.healthTextProperty().get()).isEqualTo("Checking…");
    }

    @Test
    void embeddedConnectionIsDescribedByItsHostAndPort() {
        shell.start(EMBEDDED);
        executor.runPending();

        assertThat(shell.busyProperty().get()).isFalse();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Embedded server on 127.0.0.1:40001");
    }

    @Test
    void healthyServerShowsHealthyAndItsVersion() {
        shell.start(EMBEDDED);
        executor.runPending();

        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
        assertThat(shell.healthStateProperty().get()).isEqualTo(HealthStatus.State.HEALTHY);
        assertThat(shell.versionTextProperty().get()).isEqualTo("Version 1.2.3");
    }

    @Test
    void serverThatReportsDownShowsUnhealthyWithTheFailingCheck() {
        shell.start(EMBEDDED);
        executor.runNext();
        connector.last().answer(FakeServerConnection.report(HealthReport.DOWN, "1.2.3",
                Map.of("database", new HealthReport.ComponentHealth(HealthReport.DOWN, "timeout"))));
        executor.runPending();

        assertThat(shell.healthTextProperty().get()).isEqualTo("Unhealthy: database DOWN (timeout)");
        assertThat(shell.healthStateProperty().get()).isEqualTo(HealthStatus.State.UNHEALTHY);
    }

    @Test
    void serverThatDoesNotAnswerShowsUnreachable() {
        shell.start(REMOTE);
        executor.runNext();
        connector.last().fail(unreachable());
        executor.runPending();

        assertThat(shell.healthTextProperty().get()).isEqualTo("Unreachable");
        assertThat(shell.healthDetailProperty().get()).contains("Connection refused");
    }

    @Test
    void periodicTickAsksForHealthAgain() {
        shell.start(EMBEDDED);
        executor.runPending();
        connector.last().fail(unreachable());

        executor.tick();
        executor.runPending();

        assertThat(shell.healthTextProperty().get()).isEqualTo("Unreachable");
    }

    @Test
    void healthIsPolledAtTheConfiguredInterval() {
        shell.start(EMBEDDED);

        assertThat(executor.periods()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void refreshWhileACheckIsRunningDoesNotStartAnotherOne() {
        shell.start(EMBEDDED);
        executor.runNext();

        shell.refresh();
        shell.refresh();
        executor.runPending();

        assertThat(connector.last().healthCalls()).isEqualTo(1);
    }

    @Test
    void versionStaysKnownWhileTheServerIsBrieflyUnreachable() {
        shell.start(EMBEDDED);
        executor.runPending();
        connector.last().fail(unreachable());

        shell.refresh();
        executor.runPending();

        assertThat(shell.versionTextProperty().get()).isEqualTo("Version 1.2.3");
    }

    @Test
    void remoteConnectionIsDescribedByItsUrl() {
        shell.start(REMOTE);
        executor.runPending();

        assertThat(shell.connectionTextProperty().get()).isEqualTo("Remote: https://familiar.example.com");
        assertThat(shell.embeddedActiveProperty().get()).isFalse();
    }

    @Test
    void connectingToARemoteServerClosesTheEmbeddedOne() {
        shell.start(EMBEDDED);
        executor.runPending();
        FakeServerConnection embedded = connector.last();
        dialogs.answerConnectWith(REMOTE);

        shell.connectToRemote();
        executor.runPending();

        assertThat(embedded.isClosed()).isTrue();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Remote: https://familiar.example.com");
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
    }

    @Test
    void embeddedServerRunsUntilTheRemoteConnectionIsOpen() {
        shell.start(EMBEDDED);
        executor.runPending();
        FakeServerConnection embedded = connector.last();
        dialogs.answerConnectWith(REMOTE);

        shell.connectToRemote();

        assertThat(embedded.isClosed()).isFalse();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Connecting to https://familiar.example.com…");
    }

    @Test
    void cancelledConnectDialogKeepsTheCurrentConnection() {
        shell.start(EMBEDDED);
        executor.runPending();
        dialogs.cancelConnect();

        shell.connectToRemote();
        executor.runPending();

        assertThat(connector.opened()).hasSize(1);
        assertThat(connector.last().isClosed()).isFalse();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Embedded server on 127.0.0.1:40001");
    }

    @Test
    void connectDialogSuggestsTheLastRemoteAddress() {
        shell.start(REMOTE);
        executor.runPending();

        shell.connectToRemote();

        assertThat(dialogs.suggestedUrls()).containsExactly("https://familiar.example.com");
    }

    @Test
    void embeddedStartupFailureExplainsWhyInTheStatusBarAndAnError() {
        connector.failFor(EMBEDDED, new ConnectionFailedException(
                "The embedded server could not start: the database is in use", null));

        shell.start(EMBEDDED);
        executor.runPending();

        assertThat(shell.busyProperty().get()).isFalse();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Not connected");
        assertThat(shell.messageTextProperty().get())
                .isEqualTo("The embedded server could not start: the database is in use");
        assertThat(dialogs.errors()).containsExactly(
                "The embedded server did not start: The embedded server could not start: the database is in use");
    }

    @Test
    void failedSwitchKeepsThePreviousConnection() {
        shell.start(EMBEDDED);
        executor.runPending();
        connector.failFor(REMOTE, new ConnectionFailedException("Not a server address: x", null));

        shell.switchTo(REMOTE);
        executor.runPending();

        assertThat(connector.last().isClosed()).isFalse();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Embedded server on 127.0.0.1:40001");
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
    }

    @Test
    void cancellingAStartClosesTheServerWhenItArrivesLate() {
        shell.start(EMBEDDED);

        shell.cancelConnect();
        executor.runPending();

        assertThat(connector.last().isClosed()).isTrue();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Not connected");
        assertThat(shell.messageTextProperty().get()).isEqualTo("Connection attempt cancelled");
    }

    @Test
    void switchingBackToTheCurrentServerCancelsThePendingSwitch() {
        shell.start(EMBEDDED);
        executor.runPending();
        FakeServerConnection embedded = connector.last();
        shell.switchTo(REMOTE);

        shell.useEmbeddedServer();
        executor.runPending();

        assertThat(connector.opened()).hasSize(2);
        assertThat(embedded.isClosed()).isFalse();
        assertThat(connector.last().isClosed()).isTrue();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Embedded server on 127.0.0.1:40001");
    }

    @Test
    void useEmbeddedServerStartsOneInTheConsolesDataFolder() {
        shell.start(REMOTE);
        executor.runPending();

        shell.useEmbeddedServer();
        executor.runPending();

        assertThat(connector.last().settings()).isEqualTo(ConnectionSettings.embedded(DATA_DIR));
        assertThat(shell.embeddedActiveProperty().get()).isTrue();
    }

    @Test
    void healthOfTheOldConnectionDoesNotOverwriteTheNewOne() {
        shell.start(EMBEDDED);
        executor.runNext();
        FakeServerConnection embedded = connector.last();
        embedded.fail(unreachable());
        shell.switchTo(REMOTE);

        executor.runPending();

        assertThat(embedded.healthCalls()).isEqualTo(1);
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
    }

    @Test
    void shutdownStopsTheEmbeddedServerAndThePolling() {
        shell.start(EMBEDDED);
        executor.runPending();

        shell.shutdown();

        assertThat(connector.last().isClosed()).isTrue();
        assertThat(executor.activeTickCount()).isZero();
    }

    @Test
    void shutdownWhileTheServerStartsClosesItOnceItIsUp() {
        shell.start(EMBEDDED);

        shell.shutdown();
        executor.runPending();

        assertThat(connector.last().closeCount()).isEqualTo(1);
    }

    @Test
    void firstStartOfTheEmbeddedServerShowsTheAdminNoticeOnce() {
        connector.adminNoticeFor(EMBEDDED, NOTICE);

        shell.start(EMBEDDED);
        executor.runPending();
        executor.tick();
        shell.refresh();
        executor.runPending();

        assertThat(dialogs.copyableInformation()).containsExactly("First administrator created: " + NOTICE);
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void adminNoticeDoesNotHoldUpTheHealthCheck() {
        connector.adminNoticeFor(EMBEDDED, NOTICE);
        shell.start(EMBEDDED);

        executor.runNext();

        assertThat(dialogs.copyableInformation()).hasSize(1);
        assertThat(executor.pendingCount()).as("health check queued").isEqualTo(1);
        executor.runPending();
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Embedded server on 127.0.0.1:40001");
    }

    @Test
    void serverWithoutANoticeShowsNoDialog() {
        shell.start(EMBEDDED);
        executor.runPending();

        assertThat(dialogs.copyableInformation()).isEmpty();
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
    }

    @Test
    void switchingBackToTheEmbeddedServerDoesNotShowTheNoticeAgain() {
        connector.adminNoticeFor(EMBEDDED, NOTICE);
        shell.start(EMBEDDED);
        executor.runPending();

        shell.switchTo(REMOTE);
        executor.runPending();
        shell.useEmbeddedServer();
        executor.runPending();

        assertThat(connector.opened()).hasSize(3);
        assertThat(dialogs.copyableInformation()).containsExactly("First administrator created: " + NOTICE);
    }

    @Test
    void noticeOfAStartThatWasCancelledIsStillShown() {
        connector.adminNoticeFor(EMBEDDED, NOTICE);
        shell.start(EMBEDDED);

        shell.cancelConnect();
        executor.runPending();

        assertThat(connector.last().isClosed()).isTrue();
        assertThat(dialogs.copyableInformation()).containsExactly("First administrator created: " + NOTICE);
    }

    @Test
    void noticeOfAServerStoppedByShutdownIsNotShown() {
        connector.adminNoticeFor(EMBEDDED, NOTICE);
        shell.start(EMBEDDED);

        shell.shutdown();
        executor.runPending();

        assertThat(dialogs.copyableInformation()).isEmpty();
    }

    @Test
    void passwordLoginShowsTheUserAndRolesInTheStatusBar() {
        shell.start(EMBEDDED);
        executor.runPending();
        dialogs.answerConnectWith(OPS_LOGIN);

        shell.connectToRemote();
        executor.runPending();

        assertThat(connector.loginsAttempted()).containsExactly(Credential.password("ops", "ops-password-123"));
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Remote: https://familiar.example.com as ops (ADMIN)");
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
        assertThat(shell.messageTextProperty().get()).isEmpty();
    }

    @Test
    void severalRolesAreListed() {
        connector.loginAnswers(List.of("ADMIN", "USER"), NOW.plusSeconds(3600));

        shell.start(OPS_LOGIN);
        executor.runPending();

        assertThat(shell.connectionTextProperty().get())
                .isEqualTo("Remote: https://familiar.example.com as ops (ADMIN, USER)");
    }

    @Test
    void apiKeyConnectionNamesNoUser() {
        shell.start(REMOTE);
        executor.runPending();

        assertThat(shell.connectionTextProperty().get()).isEqualTo("Remote: https://familiar.example.com");
    }

    @Test
    void theCurrentConnectionKeepsNoPassword() {
        shell.start(OPS_LOGIN);
        executor.runPending();

        ConnectionSettings.Remote kept = (ConnectionSettings.Remote) connector.last().settings();
        assertThat(kept.credential().username()).isEqualTo("ops");
        assertThat(kept.credential().secret()).isEmpty();
    }

    @Test
    void refusedLoginExplainsWhyAndKeepsThePreviousConnection() {
        shell.start(EMBEDDED);
        executor.runPending();
        FakeServerConnection embedded = connector.last();
        connector.failFor(OPS_LOGIN, new ConnectionFailedException("Login refused: Invalid username or password",
                new ApiError(ErrorCode.UNAUTHENTICATED, "Invalid username or password", 401)));
        dialogs.answerConnectWith(OPS_LOGIN);

        shell.connectToRemote();
        executor.runPending();

        assertThat(embedded.isClosed()).isFalse();
        assertThat(shell.busyProperty().get()).isFalse();
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Embedded server on 127.0.0.1:40001");
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
        assertThat(shell.messageTextProperty().get()).isEqualTo("Login refused: Invalid username or password");
        assertThat(dialogs.errors()).containsExactly("Could not connect: Login refused: Invalid username or password");
    }

    @Test
    void throttledLoginSaysWhenToTryAgain() {
        shell.start(EMBEDDED);
        executor.runPending();
        connector.failFor(OPS_LOGIN, new ConnectionFailedException("Too many failed logins; try again in 30 s", null));

        shell.switchTo(OPS_LOGIN);
        executor.runPending();

        assertThat(shell.messageTextProperty().get()).isEqualTo("Too many failed logins; try again in 30 s");
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Embedded server on 127.0.0.1:40001");
    }

    @Test
    void reconnectingWithTheSameUsernameAndPasswordLogsInAgain() {
        shell.start(OPS_LOGIN);
        executor.runPending();
        FakeServerConnection first = connector.last();

        shell.switchTo(OPS_LOGIN);
        executor.runPending();

        assertThat(connector.loginsAttempted()).hasSize(2);
        assertThat(first.isClosed()).isTrue();
        assertThat(connector.last().isClosed()).isFalse();
    }

    @Test
    void healthAfterTheSessionExpiredAsksToReconnect() {
        connector.loginAnswers(List.of("ADMIN"), NOW.plusSeconds(3600));
        shell.start(OPS_LOGIN);
        executor.runPending();
        assertThat(shell.messageTextProperty().get()).isEmpty();

        clock.advance(Duration.ofMinutes(61));
        executor.tick();
        executor.runPending();

        assertThat(shell.messageTextProperty().get()).isEqualTo("Session expired — reconnect");
        assertThat(shell.connectionTextProperty().get()).isEqualTo("Remote: https://familiar.example.com as ops (ADMIN)");
    }

    @Test
    void unauthorizedAnswerOfALoggedInConnectionAsksToReconnect() {
        shell.start(OPS_LOGIN);
        executor.runPending();
        connector.last().fail(new ApiError(ErrorCode.UNAUTHENTICATED, "Invalid or expired token", 401));

        shell.refresh();
        executor.runPending();

        assertThat(shell.messageTextProperty().get()).isEqualTo("Session expired — reconnect");
    }

    @Test
    void unauthorizedAnswerWithoutALoginIsNoExpiredSession() {
        shell.start(REMOTE);
        executor.runPending();
        connector.last().fail(new ApiError(ErrorCode.UNAUTHENTICATED, "Invalid API key", 401));

        shell.refresh();
        executor.runPending();

        assertThat(shell.messageTextProperty().get()).isEmpty();
        assertThat(shell.healthTextProperty().get()).isEqualTo("Unhealthy: HTTP 401 UNAUTHENTICATED");
    }

    @Test
    void reconnectingClearsTheExpiredSessionMessage() {
        connector.loginAnswers(List.of("ADMIN"), NOW.plusSeconds(3600));
        shell.start(OPS_LOGIN);
        executor.runPending();
        clock.advance(Duration.ofHours(2));
        shell.refresh();
        executor.runPending();
        connector.loginAnswers(List.of("ADMIN"), clock.instant().plusSeconds(3600));

        shell.switchTo(OPS_LOGIN);
        executor.runPending();

        assertThat(shell.messageTextProperty().get()).isEmpty();
        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
    }

    @Test
    void dryRunServerShowsAWarningThatNoPaymentsAreTaken() {
        shell.start(EMBEDDED);
        executor.runNext();
        connector.last().answer(withBilling(DRY_RUN_DETAIL));
        executor.runPending();

        assertThat(shell.billingTextProperty().get()).contains("DRY-RUN").contains("no payments are taken");
        assertThat(shell.billingWarningProperty().get()).isTrue();
        assertThat(shell.billingKnownProperty().get()).isTrue();
        assertThat(shell.billingDetailProperty().get()).isEqualTo(DRY_RUN_DETAIL);
    }

    @Test
    void stripeServerShowsStripeWithoutAWarning() {
        shell.start(REMOTE);
        executor.runNext();
        connector.last().answer(withBilling("stripe"));
        executor.runPending();

        assertThat(shell.billingTextProperty().get()).isEqualTo("Billing: Stripe");
        assertThat(shell.billingWarningProperty().get()).isFalse();
        assertThat(shell.billingKnownProperty().get()).isTrue();
    }

    @Test
    void serverWithoutABillingCheckLeavesTheBillingModeUnknownAndHidden() {
        shell.start(EMBEDDED);
        executor.runPending();

        assertThat(shell.healthTextProperty().get()).isEqualTo("Healthy");
        assertThat(shell.billingTextProperty().get()).isEqualTo("Billing: unknown");
        assertThat(shell.billingKnownProperty().get()).isFalse();
        assertThat(shell.billingWarningProperty().get()).isFalse();
    }

    @Test
    void theStatusBarSaysWhichDirectoryIsLiveAndForgetsItOnSwitching() {
        shell.start(EMBEDDED);
        executor.runNext();
        connector.last().answer(FakeServerConnection.report(HealthReport.UP, "1.2.3", Map.of(
                "database", new HealthReport.ComponentHealth(HealthReport.UP, "H2"),
                "directory", new HealthReport.ComponentHealth(HealthReport.UP, "local (dry-run)"))));
        executor.runPending();

        assertThat(shell.directoryTextProperty().get()).isEqualTo("Directory: local (dry-run)");
        assertThat(shell.directoryKnownProperty().get()).isTrue();
        assertThat(shell.directoryDetailProperty().get()).isEqualTo("local (dry-run)");

        shell.switchTo(REMOTE);

        assertThat(shell.directoryKnownProperty().get()).isFalse();
        assertThat(shell.directoryTextProperty().get()).isEqualTo("Directory: unknown");
    }

    @Test
    void billingModeIsUnknownWhileConnecting() {
        shell.start(EMBEDDED);

        assertThat(shell.billingKnownProperty().get()).isFalse();
        assertThat(shell.billingTextProperty().get()).isEqualTo("Billing: unknown");
    }

    @Test
    void billingModeStaysKnownWhileTheServerIsBrieflyUnreachable() {
        shell.start(EMBEDDED);
        executor.runNext();
        connector.last().answer(withBilling(DRY_RUN_DETAIL));
        executor.runPending();
        connector.last().fail(unreachable());

        executor.tick();
        executor.runPending();

        assertThat(shell.healthTextProperty().get()).isEqualTo("Unreachable");
        assertThat(shell.billingWarningProperty().get()).isTrue();
    }

    @Test
    void periodicRefreshPicksUpAChangedBillingMode() {
        shell.start(REMOTE);
        executor.runNext();
        connector.last().answer(withBilling(DRY_RUN_DETAIL));
        executor.runPending();
        connector.last().answer(withBilling("stripe"));

        executor.tick();
        executor.runPending();

        assertThat(shell.billingTextProperty().get()).isEqualTo("Billing: Stripe");
        assertThat(shell.billingWarningProperty().get()).isFalse();
    }

    @Test
    void switchingServersShowsTheNewServersBillingMode() {
        shell.start(EMBEDDED);
        executor.runNext();
        connector.last().answer(withBilling(DRY_RUN_DETAIL));
        executor.runPending();
        dialogs.answerConnectWith(REMOTE);

        shell.connectToRemote();
        assertThat(shell.billingKnownProperty().get()).as("unknown while connecting").isFalse();
        executor.runNext();
        connector.last().answer(withBilling("stripe"));
        executor.runPending();

        assertThat(shell.billingTextProperty().get()).isEqualTo("Billing: Stripe");
        assertThat(shell.billingWarningProperty().get()).isFalse();
    }

    @Test
    void shutdownForgetsTheBillingMode() {
        shell.start(EMBEDDED);
        executor.runNext();
        connector.last().answer(withBilling(DRY_RUN_DETAIL));
        executor.runPending();

        shell.shutdown();

        assertThat(shell.billingKnownProperty().get()).isFalse();
        assertThat(shell.billingWarningProperty().get()).isFalse();
    }

    private static HealthReport withBilling(String detail) {
        return FakeServerConnection.report(HealthReport.UP, "1.2.3", Map.of(
                "database", new HealthReport.ComponentHealth(HealthReport.UP, "H2"),
                "billing", new HealthReport.ComponentHealth(HealthReport.UP, detail)));
    }

    private static ServerUnreachableException unreachable() {
        IOException cause = new ConnectException("Connection refused");
        return new ServerUnreachableException("Cannot reach http://127.0.0.1:40001/: Connection refused", cause);
    }
}
