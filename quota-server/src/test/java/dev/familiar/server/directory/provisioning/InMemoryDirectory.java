package dev.familiar.server.directory.provisioning;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory in memory that stands for an Entra tenant in the provisioning tests (the worker finds the owner by
 * e-mail there), counting the membership changes it is asked to make. Thread-safe.
 */
final class InMemoryDirectory implements Directory {
    private final DirectoryMode mode;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, Person> people = new ConcurrentHashMap<>();
    /** Membership changes asked for, per "groupId/personId". */
    final Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();

    InMemoryDirectory(DirectoryMode mode) {
        this.mode = mode;
    }

    String newGroup(String name, String... memberIds) {
        String id = UUID.randomUUID().toString();
        groups.put(id, new Group(id, name, Optional.empty(), Optional.empty()));
        Set<String> set = ConcurrentHashMap.newKeySet();
        set.addAll(List.of(memberIds));
        members.put(id, set);
        return id;
    }

    String person(String displayName, String email) {
        String id = UUID.randomUUID().toString();
        people.put(id, new Person(id, displayName, Optional.of(email)));
        return id;
    }

    Set<String> membersOf(String groupId) {
        return new TreeSet<>(members.get(groupId));
    }

    int changesOf(String groupId, String personId) {
        AtomicInteger n = changes.get(groupId + "/" + personId);
        return n == null ? 0 : n.get();
    }

    @Override
    public DirectoryMode mode() {
        return mode;
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) {
        return new Page<>(new ArrayList<>(groups.values()), Optional.empty());
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        Group g = groups.get(groupId);
        if (g == null) {
            throw new DirectoryException(DirectoryException.Kind.NOT_FOUND, "No group " + groupId);
        }
        return g;
    }

    @Override
    public Group create(String displayName, Optional<String> description) {
        return groups.get(newGroup(displayName));
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description)
            throws DirectoryException {
        return group(groupId);
    }

    @Override
    public void delete(String groupId) throws DirectoryException {
        if (groups.remove(groupId) == null) {
            throw new DirectoryException(DirectoryException.Kind.NOT_FOUND, "No group " + groupId);
        }
        members.remove(groupId);
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException {
        group(groupId);
        return new Page<>(members.get(groupId).stream().map(id -> people.getOrDefault(id,
                new Person(id, id, Optional.empty()))).toList(), Optional.empty());
    }

    @Override
    public List<Person> searchUsers(String search, int limit) {
        return List.of();
    }

    @Override
    public Optional<Person> userByEmail(String email) {
        return people.values().stream().filter(p -> p.email().map(e -> e.equalsIgnoreCase(email)).orElse(false))
                .findFirst();
    }

    @Override
    public Optional<Person> userById(String userId) {
        return Optional.ofNullable(people.get(userId));
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException {
        group(groupId);
        List<AddOutcome> out = new ArrayList<>();
        for (String id : userIds) {
            changes.computeIfAbsent(groupId + "/" + id, k -> new AtomicInteger()).incrementAndGet();
            if (mode == DirectoryMode.ENTRA && !people.containsKey(id)) {
                out.add(new AddOutcome(id, AddOutcome.Kind.NOT_FOUND, "no such user"));
            } else if (members.get(groupId).add(id)) {
                out.add(new AddOutcome(id, AddOutcome.Kind.ADDED, ""));
            } else {
                out.add(new AddOutcome(id, AddOutcome.Kind.ALREADY_MEMBER, ""));
            }
        }
        return out;
    }

    @Override
    public void removeMember(String groupId, String userId) throws DirectoryException {
        group(groupId);
        changes.computeIfAbsent(groupId + "/" + userId, k -> new AtomicInteger()).incrementAndGet();
        if (!members.get(groupId).remove(userId)) {
            throw new DirectoryException(DirectoryException.Kind.NOT_FOUND, userId.toLowerCase(Locale.ROOT)
                    + " is not a member of " + groupId);
        }
    }

    @Override
    public Set<String> groupIdsOf(String userId) {
        Set<String> out = new TreeSet<>();
        members.forEach((g, m) -> {
            if (m.contains(userId)) {
                out.add(g);
            }
        });
        return out;
    }

    @Override
    public DirectoryHealth probe() {
        return DirectoryHealth.up();
    }
}
