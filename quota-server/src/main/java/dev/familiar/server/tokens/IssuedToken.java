package dev.familiar.server.tokens;

import java.time.Instant;

/** A signed access token and when it stops being accepted. */
public record IssuedToken(String token, Instant expiresAt) {
}
