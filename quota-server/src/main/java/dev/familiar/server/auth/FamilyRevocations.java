package dev.familiar.server.auth;

/**
 * Which UC-17 token families are revoked (a spent refresh token was presented again): their access tokens are refused
 * although they have not expired. Implementations answer from memory; this is asked on every request made with a
 * client plugin's access token.
 */
@FunctionalInterface
public interface FamilyRevocations {
    boolean isRevoked(String familyId);
}
