package dev.familiar.admin.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.CopyableTextRequest;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Users &amp; keys view model against a real server on a temporary H2 folder, through {@link ClientUsersApi}. */
class UsersViewModelServerTest {
    private static final String PASSWORD = "a-long-enough-passw0rd";

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FamiliarClient anonymous;
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private UsersViewModel viewModel;

    @BeforeEach
    void startServer() {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(), "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        anonymous = FamiliarClient.connect(server.baseUrl());
        viewModel = new UsersViewModel(() -> new ClientUsersApi(admin), tasks, dialogs, Clock.systemUTC(), 2);
    }

    @AfterEach
    void stopServer() {
        admin.close();
        anonymous.close();
        server.close();
    }

    private void run() {
        executor.runPending();
        assertThat(dialogs.shown(ErrorRequest.class)).as("errors shown").isEmpty();
    }

    private String invite(String email) {
        dialogs.answerForm(Map.of("email", email));
        viewModel.invite();
        run();
        List<CopyableTextRequest> codes = dialogs.shown(CopyableTextRequest.class);
        return codes.get(codes.size() - 1).text();
    }

    private UserItemViewModel shown(String username) {
        return viewModel.users().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
    }

    private LoginResponse accept(String code) {
        return anonymous.account().acceptInvitation(code, PASSWORD);
    }

    @Test
    void anInvitedUserAcceptsTheCodeShownOnceAndLogsIn() {
        viewModel.load(Place.of("users"));
        run();

        String code = invite("eve@example.com");
        viewModel.searchProperty().set("eve");
        viewModel.search();
        run();

        assertThat(shown("eve@example.com").statusText()).isEqualTo("INVITED");
        assertThat(SecretScan.holds(viewModel, code)).isFalse();
        accept(code);
        assertThat(anonymous.login("eve@example.com", PASSWORD).username()).isEqualTo("eve@example.com");
    }

    @Test
    void aLockedUsersLoginIsRefusedAndUnlockingLetsThemIn() {
        accept(invite("frank@example.com"));
        viewModel.searchProperty().set("frank");
        viewModel.search();
        run();
        dialogs.answerConfirm(true);

        viewModel.toggleLock(shown("frank@example.com"));
        run();

        assertThat(shown("frank@example.com").statusText()).isEqualTo("LOCKED");
        ApiError refused = catchThrowableOfType(ApiError.class, () -> anonymous.login("frank@example.com", PASSWORD));
        assertThat(refused.status()).isEqualTo(403);

        viewModel.toggleLock(shown("frank@example.com"));
        run();
        assertThat(anonymous.login("frank@example.com", PASSWORD).username()).isEqualTo("frank@example.com");
    }

    @Test
    void theListPagesThroughTheServersCursor() {
        invite("pager-a@example.com");
        invite("pager-b@example.com");
        invite("pager-c@example.com");
        viewModel.searchProperty().set("pager-");

        viewModel.search();
        run();
        assertThat(viewModel.users()).hasSize(2);
        assertThat(viewModel.hasMoreProperty().get()).isTrue();
        viewModel.loadMore();
        run();

        assertThat(viewModel.users()).extracting(UserItemViewModel::username)
                .containsExactly("pager-a@example.com", "pager-b@example.com", "pager-c@example.com");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
    }

    @Test
    void lockingTheLastAdministratorShowsTheServersConflictAndRequestId() {
        viewModel.searchProperty().set("admin");
        viewModel.search();
        run();
        dialogs.answerConfirm(true);

        viewModel.toggleLock(shown("admin"));
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not lock admin");
        assertThat(error.message()).contains("(HTTP 409)");
        assertThat(error.requestId()).isNotBlank();
        assertThat(shown("admin").isLocked()).isFalse();
    }

    @Test
    void aKeyIsShownOnceWorksAndStopsWorkingOnceRevoked() {
        viewModel.searchProperty().set("admin");
        viewModel.search();
        run();
        viewModel.select(shown("admin"));
        run();
        dialogs.answerForm(Map.of("name", "ci"));

        viewModel.createKey();
        run();
        String rawKey = dialogs.shown(CopyableTextRequest.class).get(0).text();

        assertThat(anonymous.transport().get("api/v1/auth/api-keys/validate").anonymous().header("X-Api-Key", rawKey)
                .plain(Map.class)).isNotNull();
        assertThat(viewModel.keys()).extracting(ApiKeyItemViewModel::name).containsExactly("ci");
        assertThat(rawKey).startsWith(viewModel.keys().get(0).key().keyPrefix());
        assertThat(SecretScan.holds(viewModel, rawKey)).isFalse();

        dialogs.answerConfirm(true);
        viewModel.revokeKey(viewModel.keys().get(0));
        run();

        assertThat(viewModel.keys().get(0).isActive()).isFalse();
        ApiError refused = catchThrowableOfType(ApiError.class, () -> anonymous.transport()
                .get("api/v1/auth/api-keys/validate").anonymous().header("X-Api-Key", rawKey).plain(Map.class));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void aPasswordResetCodeSetsANewPassword() {
        accept(invite("gina@example.com"));
        viewModel.searchProperty().set("gina");
        viewModel.search();
        run();
        dialogs.answerConfirm(true);

        viewModel.resetPassword(shown("gina@example.com"));
        run();
        String code = dialogs.copyableInformation().get(dialogs.copyableInformation().size() - 1);
        String resetCode = code.substring(code.indexOf(": ") + 2);
        anonymous.account().acceptInvitation(resetCode, "another-passw0rd-123");

        assertThat(anonymous.login("gina@example.com", "another-passw0rd-123").username())
                .isEqualTo("gina@example.com");
    }

    @Test
    void anActivationCodeIsMintedForTheAdministratorsOrganisation() {
        viewModel.searchProperty().set("admin");
        viewModel.search();
        run();
        viewModel.select(shown("admin"));
        run();
        dialogs.answerForm(Map.of("domain", "plugin.example.com"));

        viewModel.mintActivationCode();
        run();

        assertThat(dialogs.shown(CopyableTextRequest.class)).singleElement()
                .satisfies(code -> assertThat(code.text()).isNotBlank());
    }
}
