package dev.familiar.model.users;

import java.time.Instant;

/** 201 of {@code POST /api/admin/users/{id}/password-reset}: a one-time code (shown this once). */
public record PasswordResetIssued(String code, Instant expiresAt) {
}
