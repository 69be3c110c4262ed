package dev.familiar.server.users.invitations;

/**
 * What a one-time user code is for. Both kinds are accepted by the same route and set the account's password; the
 * prefix makes a leaked code recognisable (and redacted from logs).
 */
public enum UserCodeKind {
    /** Sets the first password of an invited account or of a signed-up organisation's owner. */
    INVITATION("fami_"),
    /** Sets a new password of an existing account. */
    PASSWORD_RESET("famp_");

    private final String prefix;

    UserCodeKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The audit action of accepting a code of this kind. */
    String acceptAction() {
        return this == INVITATION ? "user.invitation.accept" : "user.password_reset.accept";
    }
}
