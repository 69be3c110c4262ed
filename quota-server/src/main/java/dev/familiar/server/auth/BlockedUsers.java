package dev.familiar.server.auth;

/**
 * Which users are locked or deleted: their access tokens and API keys (service keys they own included) are refused
 * although they have not expired or been revoked. Implementations answer from memory; this is asked on every request
 * made with a user's token or an API key.
 */
@FunctionalInterface
public interface BlockedUsers {
    BlockedUsers NONE = userId -> false;

    boolean isBlocked(String userId);
}
