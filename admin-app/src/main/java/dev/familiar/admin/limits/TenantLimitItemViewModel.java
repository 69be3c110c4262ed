package dev.familiar.admin.limits;

import dev.familiar.model.tokens.TenantLimit;
import java.util.Objects;

/** One row of the tenant limits table: a tenant's bucket, its own or the platform defaults. */
public record TenantLimitItemViewModel(TenantLimit limit) {
    public TenantLimitItemViewModel {
        Objects.requireNonNull(limit, "limit");
    }

    public String tenantId() {
        return limit.tenantId();
    }

    /** The tenant's name, or its id when it has none. */
    public String tenantText() {
        return limit.tenantName() == null || limit.tenantName().isBlank() ? limit.tenantId() : limit.tenantName();
    }

    public String capacityText() {
        return LimitsFormat.number(limit.capacity());
    }

    public String windowText() {
        return LimitsFormat.number(limit.windowSeconds());
    }

    public String leakText() {
        return LimitsFormat.decimal(limit.leakPerSecond());
    }

    /** "custom" or "default". */
    public String kindText() {
        return limit.custom() ? "custom" : "default";
    }

    /** "admin@example.com, 2026-11-29 22:10 UTC", empty for the defaults. */
    public String updatedText() {
        if (limit.updatedBy() == null && limit.updatedAt() == null) {
            return "";
        }
        String by = limit.updatedBy() == null ? "" : limit.updatedBy();
        String at = LimitsFormat.time(limit.updatedAt());
        return by.isEmpty() ? at : at.isEmpty() ? by : by + ", " + at;
    }
}
