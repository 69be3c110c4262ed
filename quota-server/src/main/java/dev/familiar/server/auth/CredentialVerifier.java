package dev.familiar.server.auth;

import java.util.Optional;

/**
 * Turns one kind of presented credential into a principal. Implementations throw an
 * {@link dev.familiar.model.api.ApiError} {@code UNAUTHENTICATED} for a credential that is present but not
 * valid (bad signature, expired, revoked) and never say which check failed.
 */
public interface CredentialVerifier {
    /** The principal for a bearer token, if this verifier understands it. */
    Optional<Principal> verifyBearer(String token);

    /** The principal for an {@code X-Api-Key} value. */
    Optional<Principal> verifyApiKey(String key);
}
