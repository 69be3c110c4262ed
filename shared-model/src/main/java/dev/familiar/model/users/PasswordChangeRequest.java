package dev.familiar.model.users;

/** {@code POST /api/v1/auth/password}: the caller's current password and the new one. */
public record PasswordChangeRequest(String currentPassword, String newPassword) {
}
