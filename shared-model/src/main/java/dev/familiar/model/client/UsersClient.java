package dev.familiar.model.client;

import dev.familiar.model.users.InvitationIssued;
import dev.familiar.model.users.InvitationRequest;
import dev.familiar.model.users.PasswordResetIssued;
import java.util.List;
import java.util.Objects;

/**
 * User administration ({@code /api/admin/users…}, envelope family): ADMIN for any tenant, TENANT_ADMIN for their
 * own. Codes answered here are shown once: hand them to the person, who accepts them with
 * {@link AccountClient#acceptInvitation(String, String)}. Thread-safe.
 */
public final class UsersClient {
    private final ApiTransport transport;

    public UsersClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Invites {@code email} (also the username) into {@code tenantId} (null: the caller's own tenant) with
     * {@code roles}: the account exists at once but cannot log in until its code is accepted.
     * {@code CONFLICT} (409) when the e-mail address is taken; {@code NOT_FOUND} (404) for an unknown tenant.
     */
    public InvitationIssued invite(String email, String tenantId, List<String> roles) {
        return transport.post("api/admin/users/invitations").body(new InvitationRequest(email, tenantId, roles))
                .envelope(InvitationIssued.class);
    }

    /** A one-time password-reset code for {@code userId}; the user's older unused codes stop working. */
    public PasswordResetIssued passwordReset(String userId) {
        return transport.post("api/admin/users/" + Objects.requireNonNull(userId, "userId") + "/password-reset")
                .envelope(PasswordResetIssued.class);
    }
}
