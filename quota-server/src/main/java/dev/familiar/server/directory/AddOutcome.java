package dev.familiar.server.directory;

import java.util.Objects;

/** What adding one person (by directory user id) to a group did. {@code message} is for people, never a secret. */
public record AddOutcome(String userId, Kind kind, String message) {
    public enum Kind {
        ADDED,
        /** Already a member: success, nothing changed. */
        ALREADY_MEMBER,
        /** No such user. */
        NOT_FOUND,
        /** The directory refused or did not answer for this one. */
        FAILED
    }

    public AddOutcome {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
    }
}
