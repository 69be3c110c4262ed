package dev.familiar.admin.shell;

import dev.familiar.model.diag.HealthReport;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the status bar says about a server's directory (issue 15): read from the {@code directory} check of its
 * readiness report, whose detail starts with {@code local} (the local directory: groups kept in the server's own
 * database, a dry-run of Entra) or {@code entra} (Microsoft Entra over Graph). The check's status says whether the
 * directory answers. A server that reports no directory check (older servers) leaves it unknown and hidden.
 */
public record DirectoryMode(State state, String text, String detail) {

    public enum State { UNKNOWN, LOCAL, ENTRA, ENTRA_UNREACHABLE, OTHER }

    /** The name of the check in {@code /health/ready}. */
    static final String CHECK = "directory";
    static final String LOCAL_TEXT = "Directory: local (dry-run)";
    static final String ENTRA_TEXT = "Directory: Microsoft Entra";

    public static final DirectoryMode UNKNOWN = new DirectoryMode(State.UNKNOWN, "Directory: unknown", "");

    public DirectoryMode {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(text, "text");
        detail = detail == null ? "" : detail;
    }

    /** The directory check of a readiness report; {@link #UNKNOWN} when there is none. */
    public static DirectoryMode of(HealthReport report) {
        Map<String, HealthReport.ComponentHealth> checks = report == null ? null : report.checks();
        HealthReport.ComponentHealth directory = checks == null ? null : checks.get(CHECK);
        if (directory == null || directory.detail() == null || directory.detail().isBlank()) {
            return UNKNOWN;
        }
        String detail = directory.detail().strip();
        String mode = detail.toLowerCase(Locale.ROOT);
        boolean up = directory.status() == null || HealthReport.UP.equalsIgnoreCase(directory.status());
        if (mode.startsWith("local")) {
            return new DirectoryMode(State.LOCAL, LOCAL_TEXT, detail);
        }
        if (mode.startsWith("entra")) {
            return up ? new DirectoryMode(State.ENTRA, ENTRA_TEXT, detail)
                    : new DirectoryMode(State.ENTRA_UNREACHABLE, ENTRA_TEXT + " — unreachable", detail);
        }
        return new DirectoryMode(State.OTHER, "Directory: " + detail, detail);
    }

    /** True when the operator should look: Entra is configured but does not answer. */
    public boolean warning() {
        return state == State.ENTRA_UNREACHABLE;
    }

    /** False when the server has not said (not connected yet, or a server without a directory check). */
    public boolean known() {
        return state != State.UNKNOWN;
    }
}
