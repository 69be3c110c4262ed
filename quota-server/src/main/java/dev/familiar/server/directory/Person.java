package dev.familiar.server.directory;

import java.util.Objects;
import java.util.Optional;

/**
 * A person of the directory: in Entra its user object id, display name and {@code mail} (else its user principal
 * name); in the local directory our user id, username and e-mail address.
 */
public record Person(String id, String displayName, Optional<String> email) {
    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        email = email == null ? Optional.empty() : email;
    }
}
