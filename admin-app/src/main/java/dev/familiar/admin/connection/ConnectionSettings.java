package dev.familiar.admin.connection;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which quota-server the console talks to: one it starts in its own process, or a remote one.
 */
public sealed interface ConnectionSettings permits ConnectionSettings.Embedded, ConnectionSettings.Remote {

    static ConnectionSettings embedded(Path dataDir) {
        return new Embedded(dataDir);
    }

    static ConnectionSettings remote(String baseUrl, Credential credential) {
        return new Remote(baseUrl, credential);
    }

    /** A loopback-only server started in the console's JVM, with its H2 database in {@code dataDir}. */
    record Embedded(Path dataDir) implements ConnectionSettings {
        public Embedded {
            Objects.requireNonNull(dataDir, "dataDir");
        }
    }

    /**
     * A server elsewhere, at {@code baseUrl} (such as {@code https://familiar.example.com}); the
     * credential travels with every call.
     */
    record Remote(String baseUrl, Credential credential) implements ConnectionSettings {
        public Remote {
            Objects.requireNonNull(baseUrl, "baseUrl");
            credential = credential == null ? Credential.none() : credential;
        }
    }
}
