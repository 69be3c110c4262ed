package dev.familiar.server.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the drills find the packaged server and leave their output, and how they report their figures: one
 * {@code [drill] …} line on stdout per run (the Maven log) and the same in {@code target/drills/<drill>.txt},
 * from which docs/RELIABILITY.md is refreshed.
 */
final class Drills {
    private Drills() {
    }

    /** {@code target/familiar-server.jar}, built by {@code package} before failsafe runs the drills. */
    static Path serverJar() {
        Path jar = Path.of(System.getProperty("familiar.server.jar", "target/familiar-server.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No server jar at " + jar + ": run the drills with `./mvnw -B verify -Pdrills`"
                    + " (package builds the jar before the drills run)");
        }
        return jar;
    }

    /** {@code target/drills}: server logs and figures. */
    static Path outputDir() {
        Path dir = Path.of(System.getProperty("familiar.drills.dir", "target/drills")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Figures of one run, in insertion order. */
    static final class Figures {
        private final String drill;
        private final Map<String, Object> values = new LinkedHashMap<>();

        Figures(String drill) {
            this.drill = drill;
        }

        Figures put(String name, Object value) {
            values.put(name, value);
            return this;
        }

        /** Prints the figures and appends them to {@code target/drills/<drill>.txt}. */
        void report() {
            String line = "[drill] " + drill + " " + Instant.now() + ": " + values.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            System.out.println(line);
            String file = drill.replaceAll("[^A-Za-z0-9_.-]", "_") + ".txt";
            try {
                Files.writeString(outputDir().resolve(file), line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
