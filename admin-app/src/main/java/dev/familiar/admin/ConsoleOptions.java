package dev.familiar.admin;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the console starts, read from system properties and the environment (a system property wins):
 * <ul>
 *   <li>{@code familiar.remote.url} / {@code FAMILIAR_REMOTE_URL}: connect to this server instead of
 *       starting one in-process (no credential; use the Connect dialog for one);</li>
 *   <li>{@code familiar.data.dir} / {@code FAMILIAR_DATA_DIR}: the Familiar data folder. The embedded server
 *       keeps its database in its {@code desktop} subfolder, so it never shares an H2 file with a standalone
 *       quota-server started with the same settings.</li>
 * </ul>
 * Without a data folder setting, a console started from its jar uses {@code ~/.familiar}. A console installed as a
 * native package (its jpackage launcher sets {@code jpackage.app-path}) uses the platform's folder for a user's
 * application data instead, never its install folder: {@code $XDG_DATA_HOME/familiar} (else
 * {@code ~/.local/share/familiar}) on Linux, {@code %LOCALAPPDATA%\Familiar} on Windows and
 * {@code ~/Library/Application Support/Familiar} on macOS.
 *
 * @param initialConnection where to connect at start
 * @param embeddedDataDir   where the embedded server keeps its data (also when starting remote)
 * @param healthInterval    how often the status bar asks the server for its health
 */
public record ConsoleOptions(ConnectionSettings initialConnection, Path embeddedDataDir, Duration healthInterval) {
    public static final String REMOTE_URL_PROPERTY = "familiar.remote.url";
    public static final String REMOTE_URL_ENV = "FAMILIAR_REMOTE_URL";
    public static final String DATA_DIR_PROPERTY = "familiar.data.dir";
    public static final String DATA_DIR_ENV = "FAMILIAR_DATA_DIR";
    public static final String EMBEDDED_SUBFOLDER = "desktop";
    /** Set by the launcher of a jpackage image to the launcher's path: the console runs as a native package. */
    public static final String PACKAGED_APP_PROPERTY = "jpackage.app-path";
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(5);

    public ConsoleOptions {
        Objects.requireNonNull(initialConnection, "initialConnection");
        Objects.requireNonNull(embeddedDataDir, "embeddedDataDir");
        Objects.requireNonNull(healthInterval, "healthInterval");
    }

    /** The options of this process. */
    public static ConsoleOptions fromEnvironment() {
        return resolve(System::getProperty, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Resolves the options from {@code properties} (system properties by name, among them {@code os.name} and
     * {@code jpackage.app-path}), {@code env} and the user's {@code home}.
     */
    public static ConsoleOptions resolve(UnaryOperator<String> properties, Map<String, String> env, Path home) {
        Path dataDir = setting(properties, env, DATA_DIR_PROPERTY, DATA_DIR_ENV)
                .map(Path::of)
                .orElseGet(() -> defaultDataDir(properties, env, home));
        Path embeddedDataDir = dataDir.resolve(EMBEDDED_SUBFOLDER);
        ConnectionSettings initial = setting(properties, env, REMOTE_URL_PROPERTY, REMOTE_URL_ENV)
                .map(url -> ConnectionSettings.remote(url, Credential.none()))
                .orElse(ConnectionSettings.embedded(embeddedDataDir));
        return new ConsoleOptions(initial, embeddedDataDir, DEFAULT_HEALTH_INTERVAL);
    }

    /** Where the console remembers its window, theme and last screen: in the embedded server's folder. */
    public java.nio.file.Path preferencesFile() {
        return embeddedDataDir.resolve("console.properties");
    }

    /** Options that start the embedded server in {@code embeddedDataDir} (used by tests). */
    public static ConsoleOptions embedded(Path embeddedDataDir) {
        return new ConsoleOptions(ConnectionSettings.embedded(embeddedDataDir), embeddedDataDir,
                DEFAULT_HEALTH_INTERVAL);
    }

    /** {@code ~/.familiar} from the jar; the platform's user data folder for a native package. */
    private static Path defaultDataDir(UnaryOperator<String> properties, Map<String, String> env, Path home) {
        String appPath = properties.apply(PACKAGED_APP_PROPERTY);
        if (appPath == null || appPath.isBlank()) {
            return home.resolve(".familiar");
        }
        String os = Objects.requireNonNullElse(properties.apply("os.name"), "").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows")) {
            return Optional.ofNullable(env.get("LOCALAPPDATA")).filter(v -> !v.isBlank()).map(v -> Path.of(v.trim()))
                    .orElse(home.resolve("AppData").resolve("Local"))
                    .resolve("Familiar");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Familiar");
        }
        // XDG Base Directory: a relative XDG_DATA_HOME is invalid and must be ignored
        return absolute(env.get("XDG_DATA_HOME"))
                .orElse(home.resolve(".local").resolve("share"))
                .resolve("familiar");
    }

    private static Optional<Path> absolute(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value.trim());
        return path.isAbsolute() ? Optional.of(path) : Optional.empty();
    }

    private static Optional<String> setting(UnaryOperator<String> properties, Map<String, String> env,
                                            String property, String variable) {
        String value = properties.apply(property);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
