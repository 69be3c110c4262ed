package dev.familiar.admin.connection;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.diag.HealthReport;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.StartupException;
import dev.familiar.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real {@link ServerConnector}: starts an embedded {@link FamiliarServer} through its public entry
 * point, and talks to every server (embedded or remote) through {@link FamiliarClient} only.
 */
public final class FamiliarServerConnector implements ServerConnector {

    @Override
    public ServerConnection open(ConnectionSettings settings) {
        if (settings instanceof ConnectionSettings.Embedded embedded) {
            return startEmbedded(embedded);
        }
        ConnectionSettings.Remote remote = (ConnectionSettings.Remote) settings;
        FamiliarClient client;
        try {
            client = FamiliarClient.connect(clientUrl(remote.baseUrl()),
                    remote.credential().authorizationHeader().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ConnectionFailedException("Not a server address: " + remote.baseUrl(), e);
        }
        return new ClientConnection(settings, client, null);
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
            return new ClientConnection(settings, FamiliarClient.connect(server.baseUrl()), server);
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

        ClientConnection(ConnectionSettings settings, FamiliarClient client, FamiliarServer server) {
            this.settings = settings;
            this.client = client;
            this.server = server;
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
        public HealthReport health() {
            return client.health();
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
