package dev.familiar.model.billing;

/** UC-07 upgrade and UC-08 downgrade. */
public record PlanChangeRequest(String orgId, String newPlanCode) {
}
