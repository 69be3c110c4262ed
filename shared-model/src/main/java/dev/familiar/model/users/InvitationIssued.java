package dev.familiar.model.users;

import java.time.Instant;

/** 201 of {@code POST /api/admin/users/invitations}: the new account and its one-time code (shown this once). */
public record InvitationIssued(String userId, String code, Instant expiresAt) {
}
