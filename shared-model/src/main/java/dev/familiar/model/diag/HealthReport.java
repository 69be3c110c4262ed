package dev.familiar.model.diag;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * The body of {@code /health/live} and {@code /health/ready}: {@code status} is {@code UP}, {@code DEGRADED}
 * (answering correctly without Redis) or {@code DOWN}; {@code checks} names each dependency that was checked (database, redis) with its own state.
 */
public record HealthReport(String status, String service, String version, Map<String, ComponentHealth> checks) {
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    /** Serving correctly without an optional dependency (Redis): slower, still right. */
    public static final String DEGRADED = "DEGRADED";

    @JsonIgnore
    public boolean isUp() {
        return UP.equals(status);
    }

    /** The state of one dependency; {@code detail} is a short human-readable note (never a secret). */
    public record ComponentHealth(String status, String detail) {
    }
}
