package dev.familiar.server.directory.access;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small directory in memory for the callers' tests (the adapters have their own): groups, people, memberships, a
 * switch that makes every call fail with one {@link DirectoryException}, and a count of calls.
 */
final class InMemoryDirectory implements Directory {
    private final DirectoryMode mode;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Person> people = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private volatile DirectoryException failure;
    final AtomicInteger calls = new AtomicInteger();

    InMemoryDirectory(DirectoryMode mode) {
        this.mode = mode;
    }

    String addGroup(String displayName, String... memberIds) {
        String id = "grp_" + UUID.randomUUID().toString().replace("-", "");
        groups.put(id, new Group(id, displayName, Optional.empty(), Optional.empty()));
        members.put(id, ConcurrentHashMap.newKeySet());
        for (String member : memberIds) {
            members.get(id).add(member);
        }
        return id;
    }

    void person(String id, String email) {
        people.put(id, new Person(id, email, Optional.of(email)));
    }

    void join(String groupId, String userId) {
        members.get(groupId).add(userId);
    }

    void forget(String groupId) {
        groups.remove(groupId);
        members.remove(groupId);
    }

    void failWith(DirectoryException.Kind kind) {
        failure = kind == null ? null : new DirectoryException(kind, "the directory says no (" + kind + ")");
    }

    private void call() throws DirectoryException {
        calls.incrementAndGet();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public DirectoryMode mode() {
        return mode;
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) throws DirectoryException {
        call();
        return new Page<>(new ArrayList<>(groups.values()), Optional.empty());
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        call();
        Group group = groups.get(groupId);
        if (group == null) {
            throw new DirectoryException(DirectoryException.Kind.NOT_FOUND, "No group " + groupId);
        }
        return group;
    }

    @Override
    public Group create(String displayName, Optional<String> description) throws DirectoryException {
        call();
        return groups.get(addGroup(displayName));
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String groupId) {
        forget(groupId);
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Person> searchUsers(String search, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Person> userByEmail(String email) throws DirectoryException {
        call();
        return people.values().stream().filter(p -> p.email().orElse("").equalsIgnoreCase(email)).findFirst();
    }

    @Override
    public Optional<Person> userById(String userId) throws DirectoryException {
        call();
        return Optional.ofNullable(people.get(userId));
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeMember(String groupId, String userId) {
        members.get(groupId).remove(userId);
    }

    @Override
    public Set<String> groupIdsOf(String userId) throws DirectoryException {
        call();
        Set<String> out = new HashSet<>();
        members.forEach((group, ids) -> {
            if (ids.contains(userId)) {
                out.add(group);
            }
        });
        return out;
    }

    @Override
    public DirectoryHealth probe() {
        return failure == null ? DirectoryHealth.up() : new DirectoryHealth(false, failure.getMessage());
    }
}
