package dev.familiar.server.directory.admin;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small directory in memory for the use-case tests: groups, people, memberships, cursors {@code at:<n>}, the
 * calls it received, and a failure to throw from the next call of a kind ({@link #failNext}). Only the failure is
 * thread-safe: tests over HTTP call it one request at a time.
 */
final class InMemoryDirectory implements Directory {
    private final Map<String, Group> groups = new TreeMap<>();
    private final Map<String, Set<String>> members = new TreeMap<>();
    private final Map<String, Person> people = new TreeMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    final List<String> calls = new ArrayList<>();
    private String failOn;
    private DirectoryException failure;

    Person person(String id, String name, String email) {
        Person p = new Person(id, name, Optional.ofNullable(email));
        people.put(id, p);
        return p;
    }

    /** The next call whose name starts with {@code call} throws {@code e}. */
    synchronized void failNext(String call, DirectoryException e) {
        failOn = call;
        failure = e;
    }

    private synchronized void call(String what) throws DirectoryException {
        calls.add(what);
        if (failure != null && what.startsWith(failOn)) {
            DirectoryException e = failure;
            failure = null;
            throw e;
        }
    }

    private Group known(String groupId) throws DirectoryException {
        Group g = groups.get(groupId);
        if (g == null) {
            throw new DirectoryException(DirectoryException.Kind.NOT_FOUND, "No such group");
        }
        return new Group(g.id(), g.displayName(), g.description(), Optional.of(members.get(groupId).size()));
    }

    Set<String> membersOf(String groupId) {
        return members.get(groupId);
    }

    @Override
    public DirectoryMode mode() {
        return DirectoryMode.LOCAL;
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) throws DirectoryException {
        call("groups");
        int from = 0;
        if (cursor != null) {
            if (!cursor.startsWith("at:")) {
                throw new DirectoryException(DirectoryException.Kind.INVALID, "Not a cursor of this directory");
            }
            from = Integer.parseInt(cursor.substring(3));
        }
        List<Group> all = new ArrayList<>();
        for (String id : groups.keySet()) {
            Group g = known(id);
            if (search == null || g.displayName().toLowerCase(Locale.ROOT).startsWith(search.toLowerCase(Locale.ROOT))) {
                all.add(g);
            }
        }
        all.sort(Comparator.comparing(Group::displayName));
        int to = Math.min(all.size(), from + limit);
        return new Page<>(all.subList(Math.min(from, to), to), to < all.size() ? Optional.of("at:" + to) : Optional.empty());
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        call("group");
        return known(groupId);
    }

    @Override
    public Group create(String displayName, Optional<String> description) throws DirectoryException {
        call("create");
        String id = "grp_" + ids.incrementAndGet();
        groups.put(id, new Group(id, displayName, description, Optional.empty()));
        members.put(id, new LinkedHashSet<>());
        return known(id);
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description)
            throws DirectoryException {
        call("update");
        Group g = known(groupId);
        Optional<String> d = description.isPresent() ? description.filter(s -> !s.isEmpty()) : g.description();
        groups.put(groupId, new Group(groupId, displayName.orElse(g.displayName()), d, Optional.empty()));
        return known(groupId);
    }

    @Override
    public void delete(String groupId) throws DirectoryException {
        call("delete");
        known(groupId);
        groups.remove(groupId);
        members.remove(groupId);
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException {
        call("members");
        known(groupId);
        List<Person> all = members.get(groupId).stream().map(people::get)
                .sorted(Comparator.comparing(Person::displayName)).toList();
        int from = cursor == null ? 0 : Integer.parseInt(cursor.substring(3));
        int to = Math.min(all.size(), from + limit);
        return new Page<>(all.subList(from, to), to < all.size() ? Optional.of("at:" + to) : Optional.empty());
    }

    @Override
    public List<Person> searchUsers(String search, int limit) throws DirectoryException {
        call("searchUsers");
        String s = search.toLowerCase(Locale.ROOT);
        return people.values().stream().filter(p -> p.displayName().toLowerCase(Locale.ROOT).startsWith(s)
                || p.email().map(e -> e.toLowerCase(Locale.ROOT).startsWith(s)).orElse(false)).limit(limit).toList();
    }

    @Override
    public Optional<Person> userByEmail(String email) throws DirectoryException {
        call("userByEmail " + email);
        return people.values().stream().filter(p -> p.email().map(e -> e.equalsIgnoreCase(email)).orElse(false))
                .findFirst();
    }

    @Override
    public Optional<Person> userById(String userId) throws DirectoryException {
        call("userById");
        return Optional.ofNullable(people.get(userId));
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException {
        call("addMembers " + userIds);
        known(groupId);
        List<AddOutcome> out = new ArrayList<>();
        for (String id : userIds) {
            if (!people.containsKey(id)) {
                out.add(new AddOutcome(id, AddOutcome.Kind.NOT_FOUND, "No such user"));
            } else if (!members.get(groupId).add(id)) {
                out.add(new AddOutcome(id, AddOutcome.Kind.ALREADY_MEMBER, ""));
            } else {
                out.add(new AddOutcome(id, AddOutcome.Kind.ADDED, ""));
            }
        }
        return out;
    }

    @Override
    public void removeMember(String groupId, String userId) throws DirectoryException {
        call("removeMember");
        known(groupId);
        if (!members.get(groupId).remove(userId)) {
            throw new DirectoryException(DirectoryException.Kind.NOT_FOUND, "Not a member of this group");
        }
    }

    @Override
    public Set<String> groupIdsOf(String userId) {
        Set<String> out = new LinkedHashSet<>();
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
