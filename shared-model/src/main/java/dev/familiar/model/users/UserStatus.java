package dev.familiar.model.users;

/**
 * What a user account can do now, in this order of precedence: {@code DELETED} (personal data removed, kept only so
 * its usage history stays under an anonymous id), {@code LOCKED} (an administrator locked it: no login, its tokens and
 * API keys refused), {@code INVITED} (invited or a signed-up owner that has not set a password yet), {@code EXTERNAL}
 * (an end user a tenant's service key named: never logs in), else {@code ACTIVE}.
 */
public enum UserStatus {
    ACTIVE,
    LOCKED,
    INVITED,
    EXTERNAL,
    DELETED
}
