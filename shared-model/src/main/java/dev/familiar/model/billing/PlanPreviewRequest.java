package dev.familiar.model.billing;

/** UC-06 {@code POST /api/plans/preview}; {@code proration} defaults to true. */
public record PlanPreviewRequest(String orgId, String planCode, Boolean proration) {
}
