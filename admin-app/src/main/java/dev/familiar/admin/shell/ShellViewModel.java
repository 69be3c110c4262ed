package dev.familiar.admin.shell;

import dev.familiar.admin.concurrent.BackgroundExecutor;
import dev.familiar.admin.connection.ConnectionFailedException;
import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.ServerConnection;
import dev.familiar.admin.connection.ServerConnector;
import dev.familiar.admin.dialogs.ConnectRequest;
import dev.familiar.admin.dialogs.CopyableTextRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.session.SessionState;
import dev.familiar.admin.connection.LoginSession;
import dev.familiar.model.api.ApiError;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The main window: which server the console is connected to, and that server's version, health and billing
 * mode (a server in billing dry-run takes no payments, which the status bar says plainly).
 *
 * <p>Opening a connection (which may start an embedded server) and every health call run through the
 * {@link BackgroundExecutor}; health is refreshed every {@code healthInterval} and on demand. Switching
 * connections opens the new one first and only then closes the old one (stopping an embedded server),
 * so a failed switch (such as a refused login) leaves the console where it was. A password login's session is
 * not renewed: once its token has expired (or the server answers 401), the status bar asks to reconnect.
 *
 * <p>Not thread-safe: call it, and read its properties, on the UI thread only. The executor brings
 * background results back to that thread.
 */
public final class ShellViewModel {
    static final String NOT_CONNECTED = "Not connected";
    static final String NO_VERSION = "Version unknown";
    static final String ADMIN_NOTICE_TITLE = "First administrator created";
    static final String SESSION_EXPIRED = "Session expired — reconnect";
    private static final System.Logger LOG = System.getLogger(ShellViewModel.class.getName());

    private final ServerConnector connector;
    private final BackgroundExecutor executor;
    private final DialogService dialogs;
    private final Path embeddedDataDir;
    private final Duration healthInterval;
    private final Clock clock;
    private final SessionState session = new SessionState();

    private final ReadOnlyStringWrapper connectionText = new ReadOnlyStringWrapper(NOT_CONNECTED);
    private final ReadOnlyStringWrapper versionText = new ReadOnlyStringWrapper(NO_VERSION);
    private final ReadOnlyObjectWrapper<HealthStatus.State> healthState =
            new ReadOnlyObjectWrapper<>(HealthStatus.NOT_CONNECTED.state());
    private final ReadOnlyStringWrapper healthText = new ReadOnlyStringWrapper(HealthStatus.NOT_CONNECTED.text());
    private final ReadOnlyStringWrapper healthDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper billingText = new ReadOnlyStringWrapper(BillingMode.UNKNOWN.text());
    private final ReadOnlyStringWrapper billingDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper billingWarning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper billingKnown = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper directoryText = new ReadOnlyStringWrapper(DirectoryMode.UNKNOWN.text());
    private final ReadOnlyStringWrapper directoryDetail = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper directoryWarning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper directoryKnown = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper messageText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper embeddedActive = new ReadOnlyBooleanWrapper(false);

    /** Connections opened in the background that the UI thread has not taken over yet (see {@link #shutdown()}). */
    private final Set<ServerConnection> unadopted = ConcurrentHashMap.newKeySet();
    private volatile boolean shutDown;

    private ServerConnection current;
    private ServerConnection healthCheckInFlight;
    /** Grows with every switch and cancel: a connection that arrives for an older attempt is closed. */
    private long attempt;
    private BackgroundExecutor.Cancellable poller;
    private String lastRemoteUrl = "";

    public ShellViewModel(ServerConnector connector, BackgroundExecutor executor, DialogService dialogs,
                          Path embeddedDataDir, Duration healthInterval) {
        this(connector, executor, dialogs, embeddedDataDir, healthInterval, Clock.systemUTC());
    }

    /** As above, with the clock that decides when a login session has expired (tests pass a fixed one). */
    public ShellViewModel(ServerConnector connector, BackgroundExecutor executor, DialogService dialogs,
                          Path embeddedDataDir, Duration healthInterval, Clock clock) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.embeddedDataDir = Objects.requireNonNull(embeddedDataDir, "embeddedDataDir");
        this.healthInterval = Objects.requireNonNull(healthInterval, "healthInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Connects with the initial settings and starts the periodic health refresh. */
    public void start(ConnectionSettings initial) {
        switchTo(initial);
        if (poller == null && !shutDown) {
            poller = executor.every(healthInterval, this::refresh);
        }
    }

    /** Asks for a remote server and, unless the operator cancels, switches to it. */
    public void connectToRemote() {
        dialogs.show(new ConnectRequest(lastRemoteUrl)).ifPresent(this::switchTo);
    }

    /** Switches back to a server in this process (started on demand). */
    public void useEmbeddedServer() {
        switchTo(ConnectionSettings.embedded(embeddedDataDir));
    }

    /**
     * Opens a connection with {@code settings} in the background and, once it is open, makes it the
     * current one and closes the previous one. When already connected with these settings, only cancels
     * a pending switch elsewhere.
     */
    public void switchTo(ConnectionSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (shutDown) {
            return;
        }
        if (current != null && current.settings().equals(settings)) {
            cancelConnect(); // already there: at most an attempt to go elsewhere is pending
            return;
        }
        long thisAttempt = ++attempt;
        if (settings instanceof ConnectionSettings.Remote remote) {
            lastRemoteUrl = remote.baseUrl();
        }
        String progress = settings instanceof ConnectionSettings.Remote remote
                ? "Connecting to " + remote.baseUrl() + "…"
                : "Starting embedded server…";
        busy.set(true);
        connectionText.set(progress);
        versionText.set(NO_VERSION);
        setBilling(BillingMode.UNKNOWN);
        setDirectory(DirectoryMode.UNKNOWN);
        setHealth(HealthStatus.CHECKING);
        messageText.set("");
        executor.submit(() -> openTracked(settings),
                connection -> adopt(thisAttempt, connection),
                failure -> connectFailed(thisAttempt, settings, failure));
    }

    /** Gives up waiting for the connection being opened; the console stays with the previous one. */
    public void cancelConnect() {
        if (!busy.get()) {
            return;
        }
        attempt++;
        busy.set(false);
        messageText.set("Connection attempt cancelled");
        showCurrent();
    }

    /** Asks the current server for its health now (ignored while a check is already running). */
    public void refresh() {
        ServerConnection connection = current;
        if (connection == null || shutDown || busy.get() || healthCheckInFlight == connection) {
            return;
        }
        healthCheckInFlight = connection;
        if (healthState.get() == HealthStatus.State.UNKNOWN) {
            setHealth(HealthStatus.CHECKING);
        }
        executor.submit(connection::health,
                report -> healthArrived(connection, HealthStatus.of(report), report.version(),
                        BillingMode.of(report), DirectoryMode.of(report), null),
                failure -> healthArrived(connection, HealthStatus.of(failure), null, null, null, failure));
    }

    /**
     * Stops the refresh and closes the connection, waiting for an embedded server to stop. Also closes
     * a connection that is still being opened as soon as it is. Called when the window closes.
     */
    public void shutdown() {
        shutDown = true;
        attempt++;
        if (poller != null) {
            poller.cancel();
        }
        ServerConnection connection = current;
        current = null;
        closeQuietly(connection);
        for (ServerConnection orphan : List.copyOf(unadopted)) {
            if (unadopted.remove(orphan)) {
                closeQuietly(orphan);
            }
        }
        busy.set(false);
        session.disconnected();
        embeddedActive.set(false);
        connectionText.set(NOT_CONNECTED);
        setHealth(HealthStatus.NOT_CONNECTED);
        setBilling(BillingMode.UNKNOWN);
        setDirectory(DirectoryMode.UNKNOWN);
    }

    /** Runs in the background: opens, and closes again at once if the console shut down meanwhile. */
    private ServerConnection openTracked(ConnectionSettings settings) {
        ServerConnection connection = connector.open(settings);
        unadopted.add(connection);
        if (shutDown && unadopted.remove(connection)) {
            closeQuietly(connection);
        }
        return connection;
    }

    private void adopt(long thisAttempt, ServerConnection connection) {
        if (!unadopted.remove(connection)) {
            return; // shutdown() closed it already
        }
        if (thisAttempt != attempt || shutDown) {
            showAdminNotice(connection); // the administrator exists now, whether or not the console stays
            closeInBackground(connection);
            return;
        }
        ServerConnection previous = current;
        current = connection;
        healthCheckInFlight = null;
        busy.set(false);
        session.connected(connection.client(),
                connection.session().map(LoginSession::describe).orElse(""),
                connection.session().map(LoginSession::roles).orElse(java.util.List.of()));
        if (previous != null) {
            closeInBackground(previous);
        }
        showCurrent();
        showAdminNotice(connection);
    }

    /**
     * Shows the first administrator's one-time password if this connection's server just created it.
     * Called once per opened connection, after its health check has been asked for; the dialog does not
     * wait, and the notice is neither logged nor kept.
     */
    private void showAdminNotice(ServerConnection connection) {
        if (shutDown) {
            return;
        }
        connection.oneTimeAdminNotice()
                .ifPresent(notice -> dialogs.show(new CopyableTextRequest(ADMIN_NOTICE_TITLE,
                        "Copy the password now: it is shown only once.", notice)));
    }

    private void connectFailed(long thisAttempt, ConnectionSettings settings, Throwable failure) {
        if (thisAttempt != attempt || shutDown) {
            return;
        }
        busy.set(false);
        String reason = failure instanceof ConnectionFailedException
                ? failure.getMessage()
                : "Could not connect: " + failure.getMessage();
        messageText.set(reason);
        showCurrent();
        dialogs.show(new ErrorRequest(settings instanceof ConnectionSettings.Embedded
                ? "The embedded server did not start" : "Could not connect", reason, null));
    }

    /** Shows the current connection (or none) and asks for its health. */
    private void showCurrent() {
        versionText.set(NO_VERSION);
        setBilling(BillingMode.UNKNOWN);
        setDirectory(DirectoryMode.UNKNOWN);
        if (current == null) {
            session.disconnected();
            embeddedActive.set(false);
            connectionText.set(NOT_CONNECTED);
            setHealth(HealthStatus.NOT_CONNECTED);
            return;
        }
        embeddedActive.set(current.settings() instanceof ConnectionSettings.Embedded);
        connectionText.set(describe(current));
        setHealth(HealthStatus.CHECKING);
        healthCheckInFlight = null;
        refresh();
    }

    /**
     * A health answer (or failure) of {@code connection}. Version and billing mode stay as they were while the
     * server is briefly unreachable ({@code billing} is null then); a report without a billing check (an older
     * server) makes the billing mode unknown.
     */
    private void healthArrived(ServerConnection connection, HealthStatus status, String version,
                               BillingMode billing, DirectoryMode directory, Throwable failure) {
        if (healthCheckInFlight == connection) {
            healthCheckInFlight = null;
        }
        if (connection != current || busy.get()) {
            return;
        }
        setHealth(status);
        if (version != null && !version.isBlank()) {
            versionText.set("Version " + version);
        }
        if (billing != null) {
            setBilling(billing);
        }
        if (directory != null) {
            setDirectory(directory);
        }
        if (sessionExpired(connection, failure)) {
            messageText.set(SESSION_EXPIRED);
        }
    }

    /**
     * A logged-in connection whose token has passed its expiry, or whose call the server refused with 401.
     * The console does not log in again by itself (it no longer has the password): the operator reconnects.
     */
    private boolean sessionExpired(ServerConnection connection, Throwable failure) {
        return connection.session()
                .map(session -> session.isExpiredAt(clock.instant())
                        || failure instanceof ApiError error && error.status() == 401)
                .orElse(false);
    }

    private void setHealth(HealthStatus status) {
        healthState.set(status.state());
        healthText.set(status.text());
        healthDetail.set(status.detail());
    }

    private void setBilling(BillingMode billing) {
        billingText.set(billing.text());
        billingDetail.set(billing.detail());
        billingWarning.set(billing.warning());
        billingKnown.set(billing.known());
    }

    private void setDirectory(DirectoryMode directory) {
        directoryText.set(directory.text());
        directoryDetail.set(directory.detail());
        directoryWarning.set(directory.warning());
        directoryKnown.set(directory.known());
    }

    static String describe(ServerConnection connection) {
        if (connection.settings() instanceof ConnectionSettings.Remote remote) {
            return "Remote: " + remote.baseUrl()
                    + connection.session().map(session -> " as " + session.describe()).orElse("");
        }
        URI uri = URI.create(connection.baseUrl());
        return "Embedded server on " + uri.getHost() + ":" + uri.getPort();
    }

    private void closeInBackground(ServerConnection connection) {
        executor.submit(() -> {
            connection.close();
            return null;
        }, ignored -> { }, failure -> LOG.log(System.Logger.Level.WARNING, "Closing a connection failed", failure));
    }

    private static void closeQuietly(ServerConnection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing a connection failed", e);
        }
    }

    /** The current server's typed client for the screens; changes (and reloads them) with the connection. */
    public SessionState session() {
        return session;
    }

    /**
     * "Embedded server on 127.0.0.1:PORT", "Remote: URL", "Remote: URL as USER (ROLES)" after a password login,
     * a progress text, or "Not connected".
     */
    public ReadOnlyStringProperty connectionTextProperty() {
        return connectionText.getReadOnlyProperty();
    }

    /** "Version X" once the server has said, "Version unknown" before. */
    public ReadOnlyStringProperty versionTextProperty() {
        return versionText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HealthStatus.State> healthStateProperty() {
        return healthState.getReadOnlyProperty();
    }

    /** "Healthy", "Unhealthy: …", "Unreachable", "Checking…" or "Not connected". */
    public ReadOnlyStringProperty healthTextProperty() {
        return healthText.getReadOnlyProperty();
    }

    /** The state of each checked dependency, or why the server could not be reached. */
    public ReadOnlyStringProperty healthDetailProperty() {
        return healthDetail.getReadOnlyProperty();
    }

    /**
     * "Billing: DRY-RUN — no payments are taken", "Billing: Stripe", "Billing: " and another mode the server
     * names, or "Billing: unknown" (not connected yet, or a server that does not report its billing).
     */
    public ReadOnlyStringProperty billingTextProperty() {
        return billingText.getReadOnlyProperty();
    }

    /** What the server said about its billing (for the tooltip), or empty. */
    public ReadOnlyStringProperty billingDetailProperty() {
        return billingDetail.getReadOnlyProperty();
    }

    /** True while the server is in billing dry-run: it takes no payments, and the operator should know. */
    public ReadOnlyBooleanProperty billingWarningProperty() {
        return billingWarning.getReadOnlyProperty();
    }

    /** True once the server has reported its billing mode (older servers do not). */
    public ReadOnlyBooleanProperty billingKnownProperty() {
        return billingKnown.getReadOnlyProperty();
    }

    /**
     * "Directory: local (dry-run)", "Directory: Microsoft Entra", "Directory: Microsoft Entra — unreachable", or
     * "Directory: unknown" (not connected yet, or a server that does not report its directory).
     */
    public ReadOnlyStringProperty directoryTextProperty() {
        return directoryText.getReadOnlyProperty();
    }

    /** What the server said about its directory (for the tooltip), or empty. */
    public ReadOnlyStringProperty directoryDetailProperty() {
        return directoryDetail.getReadOnlyProperty();
    }

    /** True while the server's Entra directory does not answer. */
    public ReadOnlyBooleanProperty directoryWarningProperty() {
        return directoryWarning.getReadOnlyProperty();
    }

    /** True once the server has reported its directory (older servers do not). */
    public ReadOnlyBooleanProperty directoryKnownProperty() {
        return directoryKnown.getReadOnlyProperty();
    }

    /** The last problem worth telling the operator about, or empty. */
    public ReadOnlyStringProperty messageTextProperty() {
        return messageText.getReadOnlyProperty();
    }

    /** True while a connection is being opened (an embedded server may be starting). */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True while connected to the embedded server (so "Use embedded server" has nothing to do). */
    public ReadOnlyBooleanProperty embeddedActiveProperty() {
        return embeddedActive.getReadOnlyProperty();
    }
}
