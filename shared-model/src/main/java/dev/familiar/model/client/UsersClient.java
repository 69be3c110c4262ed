package dev.familiar.model.client;

import dev.familiar.model.users.InvitationIssued;
import dev.familiar.model.users.InvitationRequest;
import dev.familiar.model.users.PasswordResetIssued;
import dev.familiar.model.users.UserList;
import dev.familiar.model.users.UserQuery;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.model.users.UserView;
import java.util.List;
import java.util.Objects;

/**
 * User accounts ({@code /api/admin/users}): list and search, one user, roles, lock/unlock, delete. An ADMIN reaches
 * every tenant's users, a TENANT_ADMIN only their own tenant's; errors arrive as {@link dev.familiar.model.api.ApiError}
 * (403 without the right, 404 for a user out of reach or deleted, 409 {@code CONFLICT} for the last active ADMIN).
 * Invitations and password-reset codes answered here are shown once: hand them to the person, who accepts them
 * with {@link AccountClient#acceptInvitation(String, String)}. Thread-safe.
 */
public final class UsersClient {
    private final ApiTransport transport;

    public UsersClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** One page of users matching {@code query}, ordered by username. */
    public UserList list(UserQuery query) {
        return transport.get("api/admin/users")
                .query("search", query.search())
                .query("tenantId", query.tenantId())
                .query("role", query.role())
                .query("status", query.status())
                .query("cursor", query.cursor())
                .query("limit", query.limit())
                .envelope(UserList.class);
    }

    public UserView get(String userId) {
        return transport.get(path(userId)).envelope(UserView.class);
    }

    /** Changes roles and/or the lock ({@code PATCH}); answers the user as it is now. */
    public UserView update(String userId, UserUpdate update) {
        return transport.patch(path(userId)).body(update).envelope(UserView.class);
    }

    public UserView lock(String userId) {
        return update(userId, UserUpdate.locked(true));
    }

    public UserView unlock(String userId) {
        return update(userId, UserUpdate.locked(false));
    }

    /** Deletes the account: keys revoked, personal data removed; answers the anonymised account. */
    public UserView delete(String userId) {
        return transport.delete(path(userId)).envelope(UserView.class);
    }

    private static String path(String userId) {
        return "api/admin/users/" + okhttp3.HttpUrl.parse("http://x/").newBuilder()
                .addPathSegment(Objects.requireNonNull(userId, "userId")).build().encodedPath().substring(1);
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
