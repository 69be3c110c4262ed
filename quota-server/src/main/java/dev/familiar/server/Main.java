package dev.familiar.server;

import dev.familiar.server.config.ConfigException;
import dev.familiar.server.config.ConfigLoader;
import dev.familiar.server.config.ServerConfig;

/** {@code java -jar familiar-server.jar}: reads the environment, starts, and stops cleanly on SIGTERM. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ConfigLoader.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("familiar: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        FamiliarServer server;
        try {
            server = FamiliarServer.start(config);
        } catch (StartupException e) {
            System.err.println("familiar: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "familiar-shutdown"));
    }
}
