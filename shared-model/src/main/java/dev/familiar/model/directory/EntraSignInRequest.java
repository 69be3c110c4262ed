package dev.familiar.model.directory;

/**
 * {@code POST /api/auth/entra/sign-in} (public): an Entra ID token the console obtained for {@link
 * EntraSignInConfig#clientId()}. The server checks its signature (the tenant's published keys), issuer, audience
 * and expiry, resolves the person's group memberships through Microsoft Graph (not the token's {@code groups}
 * claim) and answers a {@link dev.familiar.model.auth.LoginResponse} with the roles the mapped groups grant;
 * 401 {@code UNAUTHENTICATED} for a bad token, 403 {@code FORBIDDEN} when no mapped group grants a role.
 */
public record EntraSignInRequest(String idToken) {
}
