package dev.familiar.admin.users;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An in-memory {@link UsersApi}: users ordered by username and paged by the last username seen (a keyset cursor,
 * as the server's), keys per user, codes numbered so tests can recognise them. A failure queued with
 * {@link #failNext} is thrown by the next call instead of answering. Records each call as a line.
 */
final class FakeUsersApi implements UsersApi {
    static final Instant NOW = Instant.parse("2030-05-01T10:00:00Z");
    static final String TENANT = "11111111-1111-1111-1111-111111111111";

    private final Map<String, UserSummary> users = new LinkedHashMap<>();
    private final Map<String, List<ApiKeySummary>> keys = new LinkedHashMap<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private int codes;

    UserSummary add(String username, String tenantId, String status, String... roles) {
        UserSummary user = new UserSummary(UUID.nameUUIDFromBytes(username.getBytes()).toString(), tenantId, username,
                username.contains("@") ? username : null, List.of(roles), status, false, NOW, null);
        users.put(user.id(), user);
        return user;
    }

    UserSummary user(String username) {
        return users.values().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
    }

    FakeUsersApi failNext(RuntimeException failure) {
        failures.add(failure);
        return this;
    }

    /** The 409 the server answers for the last active ADMIN, with a request id. */
    static ApiError lastAdmin(String requestId) {
        return new ApiError(ErrorCode.CONFLICT, "The last active ADMIN cannot be demoted, locked or deleted", 409)
                .withRequestId(requestId);
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    private void call(String line) {
        calls.add(line);
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public UserPage list(UserFilter filter, String cursor, int limit) {
        call("list " + filter.search() + " " + cursor);
        List<UserSummary> matching = users.values().stream()
                .filter(u -> filter.search() == null || u.username().startsWith(filter.search()))
                .filter(u -> filter.tenantId() == null || filter.tenantId().equals(u.tenantId()))
                .filter(u -> filter.role() == null || u.roles().contains(filter.role()))
                .filter(u -> filter.status() == null || filter.status().equals(u.status()))
                .filter(u -> cursor == null || u.username().compareTo(cursor) > 0)
                .sorted(Comparator.comparing(UserSummary::username))
                .toList();
        List<UserSummary> page = matching.subList(0, Math.min(limit, matching.size()));
        String next = matching.size() > limit ? page.get(page.size() - 1).username() : null;
        return new UserPage(page, next);
    }

    @Override
    public UserSummary changeRoles(String userId, List<String> roles) {
        call("roles " + userId + " " + roles);
        return put(with(users.get(userId), roles, null));
    }

    @Override
    public UserSummary setLocked(String userId, boolean locked) {
        call((locked ? "lock " : "unlock ") + userId);
        return put(with(users.get(userId), null, locked ? "LOCKED" : "ACTIVE"));
    }

    @Override
    public UserSummary delete(String userId) {
        call("delete " + userId);
        UserSummary deleted = with(users.remove(userId), null, "DELETED");
        keys.remove(userId);
        return deleted;
    }

    @Override
    public OneTimeCode invite(String email, String tenantId, List<String> roles) {
        call("invite " + email + " " + tenantId + " " + roles);
        UserSummary user = new UserSummary(UUID.randomUUID().toString(), tenantId == null ? TENANT : tenantId, email,
                email, roles, "INVITED", false, NOW, null);
        users.put(user.id(), user);
        return new OneTimeCode(user.id(), "invite-code-" + (++codes), NOW.plusSeconds(86_400));
    }

    @Override
    public OneTimeCode resetPassword(String userId) {
        call("reset " + userId);
        return new OneTimeCode(userId, "reset-code-" + (++codes), NOW.plusSeconds(3_600));
    }

    @Override
    public List<ApiKeySummary> keys(String userId) {
        call("keys " + userId);
        return List.copyOf(keys.getOrDefault(userId, List.of()));
    }

    @Override
    public CreatedKey createKey(String userId, String name, Integer expiresInDays) {
        call("create key " + userId + " " + name + " " + expiresInDays);
        ApiKeySummary key = new ApiKeySummary(UUID.randomUUID().toString(), name, "famk_k" + (++codes), "USER", NOW,
                expiresInDays == null ? null : NOW.plusSeconds(86_400L * expiresInDays), null);
        keys.computeIfAbsent(userId, id -> new ArrayList<>()).add(key);
        return new CreatedKey(key, "famk_raw-secret-key-" + codes);
    }

    @Override
    public void revokeKey(String userId, String keyId) {
        call("revoke " + userId + " " + keyId);
        List<ApiKeySummary> list = keys.getOrDefault(userId, new ArrayList<>());
        list.replaceAll(k -> k.id().equals(keyId)
                ? new ApiKeySummary(k.id(), k.name(), k.keyPrefix(), k.role(), k.createdAt(), k.expiresAt(), NOW) : k);
    }

    @Override
    public OneTimeCode mintActivationCode(String orgId, String domain) {
        call("mint " + orgId + " " + domain);
        return new OneTimeCode(null, "activation-code-" + (++codes), NOW.plusSeconds(600));
    }

    private UserSummary put(UserSummary user) {
        users.put(user.id(), user);
        return user;
    }

    private static UserSummary with(UserSummary u, List<String> roles, String status) {
        return new UserSummary(u.id(), u.tenantId(), u.username(), u.email(), roles == null ? u.roles() : roles,
                status == null ? u.status() : status, u.mustChangePassword(), u.createdAt(),
                "LOCKED".equals(status) ? NOW : null);
    }
}
