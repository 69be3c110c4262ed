package dev.familiar.admin.directory;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.ApiTransport;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryGroupList;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.model.directory.DirectoryUserList;
import dev.familiar.model.directory.MemberAddResult;
import dev.familiar.model.directory.MemberAddStatus;
import dev.familiar.model.directory.RoleMapping;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory {@link DirectoryApi} that behaves as the local directory does: groups ordered by display name and
 * paged by a cursor (the last id seen), members in the order added, people found by the start of their name or
 * e-mail, a result per entry (ids first, then e-mails). A failure queued with {@link #failNext} is thrown by the
 * next call instead of answering. Records each call as a line.
 */
final class FakeDirectoryApi implements DirectoryApi {
    private DirectoryStatus status = new DirectoryStatus("local", true, null, null, true, "", false);
    private final Map<String, DirectoryGroup> groups = new LinkedHashMap<>();
    private final Map<String, DirectoryUser> people = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final Set<String> uncounted = new HashSet<>();
    private List<RoleMapping> mappings = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final Map<String, Deque<RuntimeException>> namedFailures = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int ids;

    FakeDirectoryApi status(DirectoryStatus next) {
        status = next;
        return this;
    }

    DirectoryGroup group(String displayName, String description) {
        DirectoryGroup group = new DirectoryGroup("grp_" + (++ids), displayName, description, 0);
        groups.put(group.id(), group);
        members.put(group.id(), new LinkedHashSet<>());
        return group;
    }

    /** The group's member count is not known (as when Graph did not count in time). */
    void uncounted(String groupId) {
        uncounted.add(groupId);
    }

    DirectoryUser person(String displayName, String email) {
        DirectoryUser user = new DirectoryUser("usr_" + (++ids), displayName, email);
        people.put(user.id(), user);
        return user;
    }

    void addMember(String groupId, String userId) {
        members.get(groupId).add(userId);
    }

    Set<String> memberIds(String groupId) {
        return Set.copyOf(members.get(groupId));
    }

    List<RoleMapping> storedMappings() {
        return List.copyOf(mappings);
    }

    void mapping(String groupId, String role) {
        mappings.add(new RoleMapping(groupId, groups.get(groupId).displayName(), role));
    }

    boolean hasGroup(String groupId) {
        return groups.containsKey(groupId);
    }

    synchronized FakeDirectoryApi failNext(RuntimeException failure) {
        failures.add(failure);
        return this;
    }

    /**
     * A failure thrown by the next call named {@code call} (e.g. "status") only: the console's own screens make
     * several calls at once on its worker threads, and which of them is "next" is a race.
     */
    synchronized FakeDirectoryApi failNext(String call, RuntimeException failure) {
        namedFailures.computeIfAbsent(call, c -> new ArrayDeque<>()).add(failure);
        return this;
    }

    /** What the server answers while Graph throttles us: 503 with the seconds to wait. */
    static ApiError throttled(long seconds) {
        return new ApiError(ErrorCode.SERVICE_UNAVAILABLE, "Microsoft Graph is throttling requests", 503,
                Map.of(ApiTransport.RETRY_AFTER_DETAIL, seconds)).withRequestId("req-503");
    }

    /** What the server answers when Graph refused: 502. */
    static ApiError upstream() {
        return new ApiError(ErrorCode.UPSTREAM_FAILED, "Microsoft Graph refused the request: Authorization_RequestDenied",
                502).withRequestId("req-502");
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized void forgetCalls() {
        calls.clear();
    }

    private synchronized void call(String line) {
        calls.add(line);
        Deque<RuntimeException> named = namedFailures.get(line.split(" ", 2)[0]);
        RuntimeException failure = named == null || named.isEmpty() ? failures.poll() : named.poll();
        if (failure != null) {
            throw failure;
        }
    }

    private DirectoryGroup counted(DirectoryGroup group) {
        return new DirectoryGroup(group.id(), group.displayName(), group.description(),
                uncounted.contains(group.id()) ? null : members.get(group.id()).size());
    }

    @Override
    public DirectoryStatus status() {
        call("status");
        return status;
    }

    @Override
    public DirectoryGroupList groups(String search, String cursor, int limit) {
        call("groups " + search + " " + cursor);
        List<DirectoryGroup> matching = groups.values().stream()
                .filter(g -> search == null || g.displayName().toLowerCase().startsWith(search.toLowerCase()))
                .sorted(Comparator.comparing(DirectoryGroup::displayName).thenComparing(DirectoryGroup::id))
                .toList();
        int from = 0;
        if (cursor != null) {
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).id().equals(cursor)) {
                    from = i + 1;
                }
            }
        }
        List<DirectoryGroup> page = matching.subList(from, Math.min(from + limit, matching.size()));
        String next = from + limit < matching.size() ? page.get(page.size() - 1).id() : null;
        return new DirectoryGroupList(page.stream().map(this::counted).toList(), next);
    }

    @Override
    public DirectoryGroup createGroup(String displayName, String description) {
        call("create " + displayName + " " + description);
        if (groups.values().stream().anyMatch(g -> g.displayName().equals(displayName))) {
            throw ApiError.validation(Map.of("displayName", "a group with this name exists"))
                    .withRequestId("req-400");
        }
        return counted(group(displayName, description));
    }

    @Override
    public DirectoryGroup updateGroup(String groupId, String displayName, String description) {
        call("update " + groupId + " " + displayName + " " + description);
        DirectoryGroup old = groups.get(groupId);
        DirectoryGroup saved = new DirectoryGroup(groupId, displayName == null ? old.displayName() : displayName,
                description == null ? old.description() : description.isEmpty() ? null : description, null);
        groups.put(groupId, saved);
        return saved;
    }

    @Override
    public DirectoryGroup deleteGroup(String groupId) {
        call("delete " + groupId);
        DirectoryGroup deleted = groups.remove(groupId);
        if (deleted == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No such group", 404).withRequestId("req-404");
        }
        mappings.removeIf(m -> m.groupId().equals(groupId));
        return deleted;
    }

    @Override
    public DirectoryUserList members(String groupId, String cursor, int limit) {
        call("members " + groupId + " " + cursor);
        List<String> all = new ArrayList<>(members.get(groupId));
        int from = cursor == null ? 0 : all.indexOf(cursor) + 1;
        List<String> page = all.subList(from, Math.min(from + limit, all.size()));
        String next = from + limit < all.size() ? page.get(page.size() - 1) : null;
        return new DirectoryUserList(page.stream().map(people::get).toList(), next);
    }

    @Override
    public AddMembersResult addMembers(String groupId, List<String> userIds, List<String> emails) {
        call("add " + groupId + " " + userIds + " " + emails);
        List<MemberAddResult> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : userIds == null ? List.<String>of() : userIds) {
            results.add(add(groupId, id, people.get(id), seen));
        }
        for (String email : emails == null ? List.<String>of() : emails) {
            DirectoryUser person = people.values().stream().filter(p -> email.equalsIgnoreCase(p.email()))
                    .findFirst().orElse(null);
            results.add(add(groupId, email, person, seen));
        }
        int added = (int) results.stream().filter(r -> r.status() == MemberAddStatus.ADDED).count();
        int already = (int) results.stream().filter(r -> r.status() == MemberAddStatus.ALREADY_MEMBER).count();
        return new AddMembersResult(results, added, already, results.size() - added - already);
    }

    private MemberAddResult add(String groupId, String input, DirectoryUser person, Set<String> seen) {
        if (!seen.add(input.toLowerCase())) {
            return new MemberAddResult(input, null, MemberAddStatus.INVALID, "repeats an earlier entry");
        }
        if (person == null) {
            return new MemberAddResult(input, null, MemberAddStatus.NOT_FOUND, "no such user in the directory");
        }
        if (!members.get(groupId).add(person.id())) {
            return new MemberAddResult(input, person.id(), MemberAddStatus.ALREADY_MEMBER, "already a member");
        }
        return new MemberAddResult(input, person.id(), MemberAddStatus.ADDED, "added");
    }

    @Override
    public void removeMember(String groupId, String memberId) {
        call("remove " + groupId + " " + memberId);
        if (!members.get(groupId).remove(memberId)) {
            throw new ApiError(ErrorCode.NOT_FOUND, "Not a member", 404).withRequestId("req-404");
        }
    }

    @Override
    public DirectoryUserList users(String search) {
        call("users " + search);
        String start = search.toLowerCase();
        return new DirectoryUserList(people.values().stream()
                .filter(p -> p.displayName().toLowerCase().startsWith(start)
                        || (p.email() != null && p.email().toLowerCase().startsWith(start)))
                .toList(), null);
    }

    @Override
    public List<RoleMapping> roleMappings() {
        call("mappings");
        return List.copyOf(mappings);
    }

    @Override
    public List<RoleMapping> replaceRoleMappings(List<RoleMapping> next) {
        call("replace mappings " + next.stream().map(m -> m.groupId() + "=" + m.role()).toList());
        mappings = new ArrayList<>(next.stream().map(m -> new RoleMapping(m.groupId(),
                groups.containsKey(m.groupId()) ? groups.get(m.groupId()).displayName() : null, m.role())).toList());
        return List.copyOf(mappings);
    }
}
