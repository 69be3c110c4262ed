package dev.familiar.model.directory;

import java.util.List;

/**
 * {@code GET /api/auth/entra/config} (public): what the console needs to sign someone in with an Entra account
 * (msal4j public client). {@code enabled} false (and the rest null) when the server has no Entra tenant. None of
 * these values is a secret.
 *
 * @param authority the authority URL of the tenant, e.g. {@code https://login.microsoftonline.com/<tenant id>}
 * @param clientId  the console's (public client) application id; the server accepts ID tokens issued to it
 * @param scopes    the scopes to request (e.g. {@code openid}, {@code profile})
 */
public record EntraSignInConfig(boolean enabled, String authority, String tenantId, String clientId,
                                List<String> scopes) {
}
