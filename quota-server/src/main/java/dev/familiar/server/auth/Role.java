package dev.familiar.server.auth;

/** What a user may do: {@code USER} their own data, {@code TENANT_ADMIN} their tenant's, {@code ADMIN} the platform's. */
public enum Role {
    USER,
    TENANT_ADMIN,
    ADMIN
}
