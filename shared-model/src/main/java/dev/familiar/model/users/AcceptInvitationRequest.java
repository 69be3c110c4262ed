package dev.familiar.model.users;

/** {@code POST /api/v1/auth/invitations/accept}: an invitation or password-reset code and the password to set. */
public record AcceptInvitationRequest(String code, String password) {
}
