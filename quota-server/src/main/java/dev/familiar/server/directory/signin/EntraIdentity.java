package dev.familiar.server.directory.signin;

import java.util.Objects;
import java.util.Optional;

/**
 * The person an Entra ID token names once it has verified: their directory (tenant) id, their object id in it
 * ({@code oid}, stable for the life of the account) and the names shown to people. Never holds the token.
 *
 * @param tenantId          {@code tid}
 * @param objectId          {@code oid}
 * @param preferredUsername {@code preferred_username} (usually the user principal name), when present
 * @param displayName       {@code name}, when present
 */
public record EntraIdentity(String tenantId, String objectId, Optional<String> preferredUsername,
                            Optional<String> displayName) {
    public EntraIdentity {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(objectId, "objectId");
        preferredUsername = preferredUsername == null ? Optional.empty() : preferredUsername;
        displayName = displayName == null ? Optional.empty() : displayName;
    }
}
