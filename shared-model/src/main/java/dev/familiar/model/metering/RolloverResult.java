package dev.familiar.model.metering;

/** UC-14 {@code POST /api/admin/quotas/reset}: how many entitlements rolled into a new period, and its key. */
public record RolloverResult(int updated, String periodKey, boolean dryRun) {
}
