package dev.familiar.model.auth;

/** {@code POST /api/admin/activation-codes}: a code for a client plugin of {@code orgId} running on {@code domain}. */
public record ActivationCodeRequest(String orgId, String domain) {
}
