package dev.familiar.admin.users;

import dev.familiar.model.auth.ActivationCodeIssued;
import dev.familiar.model.auth.ApiKeyCreateRequest;
import dev.familiar.model.auth.ApiKeyCreated;
import dev.familiar.model.auth.ApiKeyInfo;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.InvitationIssued;
import dev.familiar.model.users.PasswordResetIssued;
import dev.familiar.model.users.UserList;
import dev.familiar.model.users.UserQuery;
import dev.familiar.model.users.UserStatus;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.model.users.UserView;
import java.util.List;
import java.util.Objects;

/** {@link UsersApi} over the typed client of the current connection. */
public final class ClientUsersApi implements UsersApi {
    private final FamiliarClient client;

    public ClientUsersApi(FamiliarClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public UserPage list(UserFilter filter, String cursor, int limit) {
        UserList page = client.users().list(new UserQuery(filter.search(), filter.tenantId(), filter.role(),
                filter.status() == null ? null : UserStatus.valueOf(filter.status()), cursor, limit));
        return new UserPage(page.items().stream().map(ClientUsersApi::summary).toList(), page.nextCursor());
    }

    @Override
    public UserSummary changeRoles(String userId, List<String> roles) {
        return summary(client.users().update(userId, UserUpdate.roles(roles)));
    }

    @Override
    public UserSummary setLocked(String userId, boolean locked) {
        return summary(locked ? client.users().lock(userId) : client.users().unlock(userId));
    }

    @Override
    public UserSummary delete(String userId) {
        return summary(client.users().delete(userId));
    }

    @Override
    public OneTimeCode invite(String email, String tenantId, List<String> roles) {
        InvitationIssued issued = client.users().invite(email, tenantId, roles);
        return new OneTimeCode(issued.userId(), issued.code(), issued.expiresAt());
    }

    @Override
    public OneTimeCode resetPassword(String userId) {
        PasswordResetIssued issued = client.users().passwordReset(userId);
        return new OneTimeCode(userId, issued.code(), issued.expiresAt());
    }

    @Override
    public List<ApiKeySummary> keys(String userId) {
        return client.apiKeys().list(userId).stream().map(ClientUsersApi::summary).toList();
    }

    @Override
    public CreatedKey createKey(String userId, String name, Integer expiresInDays) {
        ApiKeyCreated created = client.apiKeys()
                .create(new ApiKeyCreateRequest(userId, name, null, expiresInDays, null, null));
        return new CreatedKey(new ApiKeySummary(created.id(), created.name(), created.keyPrefix(), created.role(),
                created.createdAt(), created.expiresAt(), null), created.rawKey());
    }

    @Override
    public void revokeKey(String userId, String keyId) {
        client.apiKeys().revoke(userId, keyId);
    }

    @Override
    public OneTimeCode mintActivationCode(String orgId, String domain) {
        ActivationCodeIssued issued = client.activation().mint(orgId, domain);
        return new OneTimeCode(null, issued.activationCode(), issued.expiresAt());
    }

    private static UserSummary summary(UserView user) {
        return new UserSummary(user.id(), user.tenantId(), user.username(), user.email(), user.roles(),
                user.status() == null ? null : user.status().name(), user.mustChangePassword(), user.createdAt(),
                user.lockedAt());
    }

    private static ApiKeySummary summary(ApiKeyInfo key) {
        return new ApiKeySummary(key.id(), key.name(), key.keyPrefix(), key.role(), key.createdAt(), key.expiresAt(),
                key.revokedAt());
    }
}
