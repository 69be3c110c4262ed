package dev.familiar.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The service name and version, written into the jar by the build. */
public record BuildInfo(String service, String version) {
    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties props = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/familiar-build.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to the defaults: a missing build stamp must not stop the server
        }
        return new BuildInfo(props.getProperty("service", "familiar-quota-server"),
                props.getProperty("version", "dev"));
    }
}
