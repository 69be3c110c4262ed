package dev.familiar.admin.connection;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.client.ServerUnreachableException;
import dev.familiar.model.diag.HealthReport;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.StartupException;
import dev.familiar.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.time.Instant;
import java.util.Optional;

/**
 * The real {@link ServerConnector}: starts an embedded {@link FamiliarServer} through its public entry
 * point, and talks to every server (embedded or remote) through {@link FamiliarClient} only. A password is
 * used for one login call while connecting and then dropped; the session token lives only in the connection's
 * client, in memory. Nothing here logs a credential.
 */
public final class FamiliarServerConnector implements ServerConnector {
    /** The {@link ApiError} detail with the seconds of a {@code Retry-After} header, as the server names it. */
    static final String RETRY_AFTER_DETAIL = "retryAfterSeconds";

    @Override
    public ServerConnection open(ConnectionSettings settings) {
        if (settings instanceof ConnectionSettings.Embedded embedded) {
            return startEmbedded(embedded);
        }
        return openRemote((ConnectionSettings.Remote) settings);
    }

    /**
     * No credential: an anonymous client. An API key: a client that sends it as {@code Bearer}. A username and
     * password: one login call, then a client that sends the session token; the password is not kept.
     */
    private static ServerConnection openRemote(ConnectionSettings.Remote remote) {
        FamiliarClient anonymous;
        try {
            anonymous = FamiliarClient.connect(clientUrl(remote.baseUrl()));
        } catch (IllegalArgumentException e) {
            throw new ConnectionFailedException("Not a server address: " + remote.baseUrl(), e);
        }
        Credential credential = remote.credential();
        try {
            return switch (credential.kind()) {
                case NONE -> new ClientConnection(remote, anonymous, null, null);
                case API_KEY -> new ClientConnection(remote, anonymous.withBearer(credential.secret()), null, null);
                case PASSWORD -> loggedIn(remote, anonymous);
                case SIGNED_IN -> session(remote, anonymous, credential.signedIn());
            };
        } finally {
            if (credential.kind() != Credential.Kind.NONE) {
                anonymous.close(); // the connection has its own client
            }
        }
    }

    private static ServerConnection loggedIn(ConnectionSettings.Remote remote, FamiliarClient anonymous) {
        return session(remote, anonymous, logIn(anonymous, remote.credential()));
    }

    /** A connection over a session token the server issued (a password login, or an Entra sign-in made before). */
    private static ServerConnection session(ConnectionSettings.Remote remote, FamiliarClient anonymous,
                                            LoginResponse login) {
        Credential credential = remote.credential();
        if (login.token() == null || login.token().isBlank()) {
            throw new ConnectionFailedException("Could not sign in: the server answered without a session token", null);
        }
        String username = login.username() == null || login.username().isBlank() ? credential.username() : login.username();
        LoginSession session = new LoginSession(username, login.roles(),
                login.expiresAt() == null ? Instant.MAX : login.expiresAt());
        ConnectionSettings.Remote kept = new ConnectionSettings.Remote(remote.baseUrl(), credential.withoutPassword());
        return new ClientConnection(kept, anonymous.withBearer(login.token()), null, session);
    }

    private static LoginResponse logIn(FamiliarClient client, Credential credential) {
        LoginResponse login;
        try {
            login = client.login(credential.username(), credential.secret());
        } catch (ApiError e) {
            throw new ConnectionFailedException(loginRefusal(e), e);
        } catch (ServerUnreachableException e) {
            throw new ConnectionFailedException("Could not log in: " + e.getMessage(), e);
        }
        if (login == null || login.token() == null || login.token().isBlank()) {
            throw new ConnectionFailedException("Could not log in: the server answered without a session token", null);
        }
        return login;
    }

    /**
     * The one line to show for a refused login: "Login refused: " and the server's reason for bad credentials,
     * "Too many failed logins; try again in N s" when throttled (N from {@code Retry-After}, when the client
     * passes it on as the {@code retryAfterSeconds} detail).
     */
    static String loginRefusal(ApiError error) {
        String message = error.getMessage() == null || error.getMessage().isBlank() ? "" : error.getMessage();
        if (error.code() == ErrorCode.RATE_LIMITED || error.status() == 429) {
            Object seconds = error.details().get(RETRY_AFTER_DETAIL);
            if (seconds instanceof Number n) {
                return "Too many failed logins; try again in " + Math.max(1, n.longValue()) + " s";
            }
            if (seconds != null && seconds.toString().matches("\\d+")) {
                return "Too many failed logins; try again in " + seconds + " s";
            }
            return "Too many failed logins; try again later";
        }
        if (error.code() == ErrorCode.UNAUTHENTICATED || error.status() == 401) {
            return "Login refused: " + (message.isEmpty() ? "Invalid username or password" : message);
        }
        String status = "HTTP " + error.status();
        return message.isEmpty() || message.equals(status)
                ? "Login failed (" + status + ")"
                : "Login failed (" + status + "): " + message;
    }

    private static ServerConnection startEmbedded(ConnectionSettings.Embedded settings) {
        Path dataDir = settings.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ConnectionFailedException("Cannot create the data folder " + dataDir + ": " + e.getMessage(), e);
        }
        FamiliarServer server;
        try {
            server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        } catch (StartupException e) {
            throw new ConnectionFailedException("The embedded server could not start: " + e.getMessage(), e);
        }
        try {
            EmbeddedAdminSession admin = new EmbeddedAdminSession(server, Clock.systemUTC());
            LoginSession session = admin.describe()
                    .map(name -> new LoginSession(name, List.of("ADMIN"), Instant.MAX))
                    .orElse(null);
            return new ClientConnection(settings, FamiliarClient.connectRenewing(server.baseUrl(), admin::authorization),
                    server, session);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /**
     * The client resolves its calls against the base URL, so a base URL with a path needs a trailing
     * slash to keep that path ({@code https://host/familiar} → {@code https://host/familiar/health/ready}).
     */
    static String clientUrl(String baseUrl) {
        String trimmed = baseUrl.trim();
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    private static final class ClientConnection implements ServerConnection {
        private final ConnectionSettings settings;
        private final FamiliarClient client;
        private final FamiliarServer server;
        private final LoginSession session;

        ClientConnection(ConnectionSettings settings, FamiliarClient client, FamiliarServer server,
                         LoginSession session) {
            this.settings = settings;
            this.client = client;
            this.server = server;
            this.session = session;
        }

        @Override
        public ConnectionSettings settings() {
            return settings;
        }

        @Override
        public String baseUrl() {
            return client.baseUrl();
        }

        @Override
        public FamiliarClient client() {
            return client;
        }

        @Override
        public HealthReport health() {
            return client.health();
        }

        @Override
        public Optional<LoginSession> session() {
            return Optional.ofNullable(session);
        }

        @Override
        public Optional<String> oneTimeAdminNotice() {
            return server == null ? Optional.empty() : server.oneTimeAdminNotice();
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                if (server != null) {
                    server.stop();
                }
            }
        }
    }
}
