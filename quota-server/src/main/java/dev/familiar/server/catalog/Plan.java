package dev.familiar.server.catalog;

import java.util.Map;
import java.util.Optional;

/**
 * A plan of the catalog: how many units of each metric a tenant on it may use per billing period, and the directory
 * group its subscribers join (issue 15, optional: empty provisions nothing).
 */
public record Plan(String code, String name, Map<String, Long> includedUnits, Optional<String> directoryGroupId) {
    public Plan {
        includedUnits = Map.copyOf(includedUnits);
        directoryGroupId = directoryGroupId == null ? Optional.empty() : directoryGroupId;
    }

    /** A plan whose subscribers join no directory group. */
    public Plan(String code, String name, Map<String, Long> includedUnits) {
        this(code, name, includedUnits, Optional.empty());
    }

    public Optional<Long> allowance(String metric) {
        return Optional.ofNullable(includedUnits.get(metric));
    }
}
