package dev.familiar.server.auth;

import java.util.Set;

/**
 * What a route demands of its caller. Every route declares one; {@link RouteGuard} enforces it before the
 * handler runs, and the OpenAPI document states it as {@code x-familiar-access}.
 */
public record Access(Level level, Set<String> scopes) {
    public enum Level {
        /** Anyone; a credential that is presented must still be valid (401 otherwise). */
        PUBLIC,
        /** Any user or activation token holding the scopes; service keys are refused. */
        AUTHENTICATED,
        /** A user (token or API key); activation tokens and service keys are refused. */
        USER,
        /** A user, or a tenant's service key acting for a user of its tenant (the route checks which user). */
        USER_OR_SERVICE,
        /** A user with TENANT_ADMIN or ADMIN. */
        TENANT_ADMIN,
        /** A user with ADMIN. */
        ADMIN,
        /** A user with PROMPT_ENGINEER or ADMIN (the Prompt Lab). */
        PROMPT_ENGINEER,
        /** A user with BILLING_ADMIN or ADMIN (the subscription lifecycle actions). */
        BILLING_ADMIN
    }

    public static final Access PUBLIC = new Access(Level.PUBLIC, Set.of());
    public static final Access USER = new Access(Level.USER, Set.of());
    public static final Access USER_OR_SERVICE = new Access(Level.USER_OR_SERVICE, Set.of());
    public static final Access TENANT_ADMIN = new Access(Level.TENANT_ADMIN, Set.of());
    public static final Access ADMIN = new Access(Level.ADMIN, Set.of());
    public static final Access PROMPT_ENGINEER = new Access(Level.PROMPT_ENGINEER, Set.of());
    public static final Access BILLING_ADMIN = new Access(Level.BILLING_ADMIN, Set.of());

    public Access {
        scopes = Set.copyOf(scopes);
    }

    public static Access authenticated(String... scopes) {
        return new Access(Level.AUTHENTICATED, Set.of(scopes));
    }

    /** The name used in the OpenAPI document: {@code public}, {@code authenticated}, {@code user}, {@code user-or-service}, {@code tenant-admin}, {@code admin}, {@code prompt-engineer}, {@code billing-admin}. */
    public String openApiName() {
        return level.name().toLowerCase().replace('_', '-');
    }
}
