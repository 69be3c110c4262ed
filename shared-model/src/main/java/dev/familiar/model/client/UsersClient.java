package dev.familiar.model.client;

import dev.familiar.model.users.UserList;
import dev.familiar.model.users.UserQuery;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.model.users.UserView;
import java.util.Objects;

/**
 * User accounts ({@code /api/admin/users}): list and search, one user, roles, lock/unlock, delete. An ADMIN reaches
 * every tenant's users, a TENANT_ADMIN only their own tenant's; errors arrive as {@link dev.familiar.model.api.ApiError}
 * (403 without the right, 404 for a user out of reach or deleted, 409 {@code CONFLICT} for the last active ADMIN).
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
}
