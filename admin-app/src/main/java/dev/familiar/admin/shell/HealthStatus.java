package dev.familiar.admin.shell;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.client.ServerUnreachableException;
import dev.familiar.model.diag.HealthReport;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the status bar says about a server's health: a state for the colour, a short text, and a
 * longer detail for the tooltip.
 */
public record HealthStatus(State state, String text, String detail) {

    public enum State { UNKNOWN, CHECKING, HEALTHY, UNHEALTHY, UNREACHABLE }

    public static final HealthStatus NOT_CONNECTED = new HealthStatus(State.UNKNOWN, "Not connected", "");
    public static final HealthStatus CHECKING = new HealthStatus(State.CHECKING, "Checking…", "");

    public HealthStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(text, "text");
        detail = detail == null ? "" : detail;
    }

    /** A readiness report: "Healthy", or "Unhealthy: " and the checks that are not up. */
    public static HealthStatus of(HealthReport report) {
        if (report.isUp()) {
            return new HealthStatus(State.HEALTHY, "Healthy", describeChecks(report.checks()));
        }
        String failing = failingChecks(report.checks());
        String reason = failing.isEmpty() ? "status " + report.status() : failing;
        // DEGRADED: the server answers correctly without an optional dependency (Redis), only slower.
        String prefix = HealthReport.DEGRADED.equals(report.status()) ? "Degraded: " : "Unhealthy: ";
        return new HealthStatus(State.UNHEALTHY, prefix + reason, describeChecks(report.checks()));
    }

    /** A failed health call: a server that does not answer is "Unreachable"; an error answer is "Unhealthy". */
    public static HealthStatus of(Throwable failure) {
        if (failure instanceof ApiError error) {
            return new HealthStatus(State.UNHEALTHY,
                    "Unhealthy: HTTP " + error.status() + " " + error.code(), String.valueOf(error.getMessage()));
        }
        String detail = failure instanceof ServerUnreachableException
                ? failure.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return new HealthStatus(State.UNREACHABLE, "Unreachable", detail);
    }

    private static String failingChecks(Map<String, HealthReport.ComponentHealth> checks) {
        if (checks == null) {
            return "";
        }
        return new TreeMap<>(checks).entrySet().stream()
                .filter(e -> e.getValue() == null || !HealthReport.UP.equals(e.getValue().status()))
                .map(e -> e.getKey() + " " + describe(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String describeChecks(Map<String, HealthReport.ComponentHealth> checks) {
        if (checks == null || checks.isEmpty()) {
            return "";
        }
        return new TreeMap<>(checks).entrySet().stream()
                .map(e -> e.getKey() + ": " + describe(e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private static String describe(HealthReport.ComponentHealth health) {
        if (health == null) {
            return "unknown";
        }
        String detail = health.detail();
        return detail == null || detail.isBlank() ? health.status() : health.status() + " (" + detail + ")";
    }
}
