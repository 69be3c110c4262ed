package dev.familiar.model.billing;

/** A body that names the organisation (optional: the caller's own by default). */
public record OrgRequest(String orgId) {
}
