package dev.familiar.model.tokens;

import java.util.List;

/**
 * What a token-settings change would do, answered by its {@code PUT …?preview=true} without applying it: the users
 * and tenants it touches, quotas it lowers below what is already used in the current window
 * ({@code quotasExhausted}), and one line per change.
 */
public record SettingsImpact(long usersAffected, long tenantsAffected, long quotasExhausted, List<ImpactLine> lines) {
    public SettingsImpact {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
