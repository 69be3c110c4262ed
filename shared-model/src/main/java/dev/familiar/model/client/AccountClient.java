package dev.familiar.model.client;

import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.users.AcceptInvitationRequest;
import dev.familiar.model.users.PasswordChangeRequest;
import java.util.Objects;

/**
 * The caller's own account ({@code /api/v1/auth/…}, the 002 family's plain bodies): accepting an invitation or a
 * password-reset code, and changing one's password. Both answer like a login; open a client with the answer's token
 * through {@link FamiliarClient#withBearer(String)}. Thread-safe.
 */
public final class AccountClient {
    private final ApiTransport transport;

    public AccountClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Sets the password of the account an invitation or password-reset {@code code} was issued for (public: sends no
     * credential). A code works once and until it expires; an unknown, used, replaced or expired code is a
     * {@code VALIDATION_FAILED} (400) whose {@code fields} detail names {@code code}.
     */
    public LoginResponse acceptInvitation(String code, String password) {
        return transport.post("api/v1/auth/invitations/accept").anonymous()
                .body(new AcceptInvitationRequest(code, password)).plain(LoginResponse.class);
    }

    /**
     * Changes the logged-in user's password (a user token, not an API key). A wrong {@code currentPassword} is a
     * {@code VALIDATION_FAILED} (400) naming that field.
     */
    public LoginResponse changePassword(String currentPassword, String newPassword) {
        return transport.post("api/v1/auth/password").body(new PasswordChangeRequest(currentPassword, newPassword))
                .plain(LoginResponse.class);
    }
}
