package dev.familiar.model.auth;

import java.time.Instant;

/** A one-time activation code; the server keeps only its hash. */
public record ActivationCodeIssued(String activationCode, Instant expiresAt) {
}
