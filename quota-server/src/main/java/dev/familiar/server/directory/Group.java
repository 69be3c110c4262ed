package dev.familiar.server.directory;

import java.util.Objects;
import java.util.Optional;

/**
 * One group of the directory.
 *
 * @param memberCount direct members, empty when the directory did not count them (the caller shows "?")
 */
public record Group(String id, String displayName, Optional<String> description, Optional<Integer> memberCount) {
    public Group {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        description = description == null ? Optional.empty() : description;
        memberCount = memberCount == null ? Optional.empty() : memberCount;
    }
}
