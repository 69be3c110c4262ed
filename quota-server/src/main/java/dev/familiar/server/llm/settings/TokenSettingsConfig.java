package dev.familiar.server.llm.settings;

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
 * How token settings behave at run time: how soon a change made through another server applies here
 * ({@code refresh}, {@value #REFRESH_SECONDS}, default 5 s) and the bounds a TENANT_ADMIN's own tenant limit must keep
 * within ({@value #MAX_CAPACITY}, default 10,000 tokens; {@value #MAX_LEAK_PER_SECOND}, default 100 tokens/s).
 */
public record TokenSettingsConfig(Duration refresh, long tenantMaxCapacity, double tenantMaxLeakPerSecond) {
    public static final String REFRESH_SECONDS = "FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS";
    public static final String MAX_CAPACITY = "FAMILIAR_TENANT_LIMIT_MAX_CAPACITY";
    public static final String MAX_LEAK_PER_SECOND = "FAMILIAR_TENANT_LIMIT_MAX_LEAK_PER_SECOND";

    public TokenSettingsConfig {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh must be positive");
        }
    }

    public static TokenSettingsConfig defaults() {
        return new TokenSettingsConfig(Duration.ofSeconds(5), 10_000, 100);
    }

    /**
     * The defaults overridden by {@code env}, or by the properties file {@code FAMILIAR_CONFIG_FILE} names (the
     * environment wins, as for every other setting). A value out of range stops the start with a message naming it.
     */
    public static TokenSettingsConfig from(Map<String, String> env) {
        Properties file = fromFile(env.get("FAMILIAR_CONFIG_FILE"));
        TokenSettingsConfig d = defaults();
        long refresh = number(env, file, REFRESH_SECONDS, 1, 3_600, d.refresh().toSeconds());
        long capacity = number(env, file, MAX_CAPACITY, 1, 100_000_000, d.tenantMaxCapacity());
        long leak = number(env, file, MAX_LEAK_PER_SECOND, 1, 100_000_000, (long) d.tenantMaxLeakPerSecond());
        return new TokenSettingsConfig(Duration.ofSeconds(refresh), capacity, leak);
    }

    private static long number(Map<String, String> env, Properties file, String name, long min, long max, long fallback) {
        String value = env.get(name);
        if (value == null) {
            value = file.getProperty(name);
        }
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name, "expected a whole number from " + min + " to " + max);
    }

    private static Properties fromFile(String file) {
        Properties props = new Properties();
        if (file == null || file.isBlank() || !Files.isReadable(Path.of(file))) {
            return props; // the configuration loader has already said what is wrong with the file
        }
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return new Properties();
        }
        return props;
    }
}
