package dev.familiar.server.catalog;

import java.util.Map;
import java.util.Optional;

/** A plan of the catalog: how many units of each metric a tenant on it may use per billing period. */
public record Plan(String code, String name, Map<String, Long> includedUnits) {
    public Plan {
        includedUnits = Map.copyOf(includedUnits);
    }

    public Optional<Long> allowance(String metric) {
        return Optional.ofNullable(includedUnits.get(metric));
    }
}
