package dev.familiar.model.metering;

/** UC-02 {@code GET /api/me/entitlements}. */
public record EntitlementsView(String planCode, String status, long includedUnits, long used, long remaining,
                               String periodKey) {
}
