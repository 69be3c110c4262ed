package dev.familiar.admin.users;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the Users &amp; keys screen asks of a server: user accounts ({@code /api/admin/users…}), a user's API keys
 * ({@code /api/v1/auth/api-keys}) and plugin activation codes ({@code /api/admin/activation-codes}). Calls block and
 * throw the typed client's {@link dev.familiar.model.api.ApiError} when the server refuses. {@link ClientUsersApi}
 * is the adapter over the typed client; tests use a fake.
 *
 * <p>The records holding a one-time secret (an invitation or reset code, a raw key, an activation code) leave it out
 * of {@code toString()}, so a log line or an assertion message never carries it.
 */
public interface UsersApi {

    /** One page of users matching {@code filter}, ordered by username; {@code cursor} null for the first page. */
    UserPage list(UserFilter filter, String cursor, int limit);

    /** Replaces the user's roles; answers the user as it is now (409 for the last active ADMIN). */
    UserSummary changeRoles(String userId, List<String> roles);

    /** Locks ({@code true}) or unlocks the user; answers the user as it is now (409 for the last active ADMIN). */
    UserSummary setLocked(String userId, boolean locked);

    /** Deletes the account (keys revoked, personal data removed); answers the anonymised account. */
    UserSummary delete(String userId);

    /** Invites {@code email} into {@code tenantId} (null: the caller's own tenant) with {@code roles}. */
    OneTimeCode invite(String email, String tenantId, List<String> roles);

    /** A one-time password-reset code for the user. */
    OneTimeCode resetPassword(String userId);

    /** The user's API keys, revoked and expired ones included (never the keys themselves). */
    List<ApiKeySummary> keys(String userId);

    /** A new USER key of the user named {@code name}; {@code expiresInDays} null: the server's default lifetime. */
    CreatedKey createKey(String userId, String name, Integer expiresInDays);

    /** Revokes one key of the user. */
    void revokeKey(String userId, String keyId);

    /** A single-use activation code for a plugin of organisation {@code orgId} running on {@code domain}. */
    OneTimeCode mintActivationCode(String orgId, String domain);

    /** The filters of the user list; each may be null (not filtered). */
    record UserFilter(String search, String tenantId, String role, String status) {
        public static UserFilter none() {
            return new UserFilter(null, null, null, null);
        }
    }

    /** One page of users, and the cursor of the next (null on the last page). */
    record UserPage(List<UserSummary> items, String nextCursor) {
        public UserPage {
            items = List.copyOf(items);
        }
    }

    /**
     * A user account as the screen shows it. {@code status} is ACTIVE, LOCKED, INVITED, EXTERNAL or DELETED;
     * {@code email} and {@code lockedAt} may be null.
     */
    record UserSummary(String id, String tenantId, String username, String email, List<String> roles, String status,
                       boolean mustChangePassword, Instant createdAt, Instant lockedAt) {
        public UserSummary {
            Objects.requireNonNull(id, "id");
            roles = List.copyOf(roles);
        }

        public boolean isLocked() {
            return "LOCKED".equals(status);
        }

        public boolean isDeleted() {
            return "DELETED".equals(status);
        }
    }

    /** One API key of a user; {@code revokedAt} and {@code expiresAt} may be null. */
    record ApiKeySummary(String id, String name, String keyPrefix, String role, Instant createdAt, Instant expiresAt,
                         Instant revokedAt) {
    }

    /** A key just created, with its raw value (shown this once). */
    record CreatedKey(ApiKeySummary key, String rawKey) {
        @Override
        public String toString() {
            return "CreatedKey[" + key + "]";
        }
    }

    /**
     * A one-time code the server answered (an invitation, a password reset, a plugin activation), to be handed over
     * now; {@code userId} names the account it is for (null for an activation code).
     */
    record OneTimeCode(String userId, String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "OneTimeCode[" + userId + ", expires " + expiresAt + "]";
        }
    }
}
