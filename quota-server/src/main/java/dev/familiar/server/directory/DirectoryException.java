package dev.familiar.server.directory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory call that did not succeed, already classified. The message is written for an administrator and
 * never carries a secret, a token or a raw upstream body. Routes map the kinds: NOT_FOUND → 404, INVALID → 400,
 * CONFLICT → 409, DENIED → 502 (our app registration lacks a permission), THROTTLED → 503 with Retry-After,
 * UNAVAILABLE → 502.
 */
public final class DirectoryException extends Exception {
    public enum Kind { NOT_FOUND, INVALID, CONFLICT, DENIED, THROTTLED, UNAVAILABLE }

    private final Kind kind;
    private final transient Optional<Duration> retryAfter;

    public DirectoryException(Kind kind, String message) {
        this(kind, message, Optional.empty(), null);
    }

    public DirectoryException(Kind kind, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** For THROTTLED: how long the directory asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
