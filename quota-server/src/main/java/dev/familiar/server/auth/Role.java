package dev.familiar.server.auth;

/**
 * What a caller may do: {@code USER} their own data, {@code TENANT_ADMIN} their tenant's, {@code ADMIN} the
 * platform's. {@code SERVICE} is never a user's role: it is the role of a tenant's service API key, which consumes
 * and reads quotas for any user of its tenant and nothing else. {@code PROMPT_ENGINEER} works in the Prompt Lab:
 * functions, versions, iterations, data sets, and requesting deployments (approving them as configured).
 * {@code BILLING_ADMIN} runs the subscription lifecycle actions ({@code /api/admin/billing/…}: pause, resume,
 * discontinue, cancel, renew). Both are usually held through a directory group's role mapping.
 */
public enum Role {
    USER,
    TENANT_ADMIN,
    ADMIN,
    SERVICE,
    PROMPT_ENGINEER,
    BILLING_ADMIN
}
