package dev.familiar.admin.preferences;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What the console remembers between runs, in a small properties file in the embedded server's folder
 * ({@code ~/.familiar/desktop/console.properties}): the window's size, position and maximised state, the theme, the last
 * place and the Prompt Lab's team server address. Never a credential. An unreadable or missing file means defaults;
 * a value that does not parse is ignored.
 */
public final class ConsolePreferences {
    /** The window's bounds. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }

    private final Path file;
    private final Properties values = new Properties();

    private ConsolePreferences(Path file) {
        this.file = file;
    }

    /** Reads {@code file} (defaults when it does not exist or cannot be read). */
    public static ConsolePreferences load(Path file) {
        ConsolePreferences preferences = new ConsolePreferences(file);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                preferences.values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                preferences.values.clear();
            }
        }
        return preferences;
    }

    public Optional<WindowBounds> window() {
        try {
            double width = Double.parseDouble(values.getProperty("window.width", ""));
            double height = Double.parseDouble(values.getProperty("window.height", ""));
            if (width < 200 || height < 150 || !Double.isFinite(width) || !Double.isFinite(height)) {
                return Optional.empty();
            }
            return Optional.of(new WindowBounds(Double.parseDouble(values.getProperty("window.x", "0")),
                    Double.parseDouble(values.getProperty("window.y", "0")), width, height,
                    Boolean.parseBoolean(values.getProperty("window.maximized", "false"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void window(WindowBounds bounds) {
        values.setProperty("window.x", Double.toString(bounds.x()));
        values.setProperty("window.y", Double.toString(bounds.y()));
        values.setProperty("window.width", Double.toString(bounds.width()));
        values.setProperty("window.height", Double.toString(bounds.height()));
        values.setProperty("window.maximized", Boolean.toString(bounds.maximized()));
    }

    public Theme theme() {
        return Theme.parse(values.getProperty("theme", ""));
    }

    public void theme(Theme theme) {
        values.setProperty("theme", theme.name());
    }

    /** The last place's path ({@code customers/org-1}), if any. */
    public Optional<String> lastPlace() {
        return Optional.ofNullable(values.getProperty("place")).filter(p -> !p.isBlank());
    }

    public void lastPlace(String path) {
        values.setProperty("place", path);
    }

    /** The team server's address the Prompt Lab deploys to, if one was used (never its credential). */
    public Optional<String> teamServerUrl() {
        return Optional.ofNullable(values.getProperty("teamServer.url")).filter(u -> !u.isBlank());
    }

    public void teamServerUrl(String url) {
        values.setProperty("teamServer.url", url);
    }

    /** Writes the file (atomically: a crash leaves the old one); a failure is reported, never fatal. */
    public void save() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "console", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            values.store(out, "Familiar admin console");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
