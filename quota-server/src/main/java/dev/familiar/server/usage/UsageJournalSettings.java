package dev.familiar.server.usage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how the embedded server journals usage ({@link JournaledUsageLedger}).
 * {@code FAMILIAR_USAGE_JOURNAL} ({@code off} by default: every batch is decided in H2 like the servers sharing
 * PostgreSQL do; {@code on} journals and writes H2 behind, ~15 % less CPU per consume in an A/B, with the rows
 * trailing the answers by up to ~100 ms: decision 0006) and {@code FAMILIAR_JOURNAL_FSYNC} ({@code false} by default: a group is written to the
 * operating system before it is answered, which survives {@code kill -9} and any crash of the process, as H2's own
 * commits do; {@code true} also forces it to the disk, which survives a power loss, at one fsync per group).
 */
public record UsageJournalSettings(boolean enabled, boolean forceEachGroup) {
    public static final String ENABLED = "FAMILIAR_USAGE_JOURNAL";
    public static final String FSYNC = "FAMILIAR_JOURNAL_FSYNC";

    public static UsageJournalSettings from(Map<String, String> env) {
        return new UsageJournalSettings(flag(env, ENABLED, false), flag(env, FSYNC, false));
    }

    private static boolean flag(Map<String, String> env, String name, boolean fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(name + ": expected true or false, got '" + v.trim() + "'");
        };
    }

    /**
     * The journal folder of an H2 file database, beside its file ({@code <file>.usage-journal}), so a journal can
     * only ever be replayed into its own database; empty for in-memory or remote H2 (this process is not its only
     * writer, or nothing survives anyway).
     */
    public static Optional<Path> journalDirFor(String jdbcUrl) {
        String prefix = "jdbc:h2:file:";
        if (!jdbcUrl.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring(prefix.length());
        int semicolon = rest.indexOf(';');
        String settings = semicolon < 0 ? "" : rest.substring(semicolon).toUpperCase(Locale.ROOT);
        if (settings.contains("AUTO_SERVER=TRUE")) {
            return Optional.empty();
        }
        String file = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (file.startsWith("~")) {
            file = System.getProperty("user.home") + file.substring(1);
        }
        return file.isBlank() ? Optional.empty() : Optional.of(Path.of(file + ".usage-journal"));
    }
}
