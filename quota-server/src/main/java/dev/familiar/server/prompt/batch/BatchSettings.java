package dev.familiar.server.prompt.batch;

import dev.familiar.server.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * How batches run: {@code workers} rows at a time across all batches (each batch runs its rows one by one), at most
 * {@code queueLimit} batches waiting, {@code stopGrace} for the rows in flight when the server stops, a heartbeat
 * every {@code heartbeat}, and a RUNNING batch whose heartbeat is older than {@code staleAfter} taken as abandoned.
 */
public record BatchSettings(int workers, int queueLimit, Duration stopGrace, Duration heartbeat, Duration staleAfter) {
    public static final String WORKERS = "FAMILIAR_PROMPT_BATCH_WORKERS";
    public static final int MAX_WORKERS = 16;

    public static BatchSettings defaults() {
        return new BatchSettings(1, 100, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60));
    }

    public BatchSettings withWorkers(int count) {
        return new BatchSettings(count, queueLimit, stopGrace, heartbeat, staleAfter);
    }

    /**
     * The defaults with {@value #WORKERS} (1 to {@value #MAX_WORKERS}) from {@code env}, or from the properties file
     * that {@code FAMILIAR_CONFIG_FILE} names (the environment wins, as for every other setting).
     */
    public static BatchSettings from(Map<String, String> env) {
        String value = env.get(WORKERS);
        if (value == null) {
            value = fromFile(env.get("FAMILIAR_CONFIG_FILE"));
        }
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            int workers = Integer.parseInt(value.trim());
            if (workers >= 1 && workers <= MAX_WORKERS) {
                return defaults().withWorkers(workers);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(WORKERS, "expected a whole number of worker threads from 1 to " + MAX_WORKERS);
    }

    private static String fromFile(String file) {
        if (file == null || file.isBlank() || !Files.isReadable(Path.of(file))) {
            return null; // the configuration loader has already said what is wrong with the file
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return props.getProperty(WORKERS);
    }
}
