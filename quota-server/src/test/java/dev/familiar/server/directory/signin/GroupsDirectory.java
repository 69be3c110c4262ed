package dev.familiar.server.directory.signin;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory that knows only memberships (what sign-in asks of it): {@code groupIdsOf} answers what the test put in,
 * or the failure the test set. Every other call is outside sign-in and answers UNAVAILABLE.
 */
final class GroupsDirectory implements Directory {
    final Map<String, Set<String>> memberships = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    volatile DirectoryException failure;

    @Override
    public Set<String> groupIdsOf(String userId) throws DirectoryException {
        lookups.incrementAndGet();
        DirectoryException f = failure;
        if (f != null) {
            throw f;
        }
        return memberships.getOrDefault(userId, Set.of());
    }

    private static DirectoryException outside() {
        return new DirectoryException(DirectoryException.Kind.UNAVAILABLE, "not used by sign-in");
    }

    @Override
    public DirectoryMode mode() {
        return DirectoryMode.ENTRA;
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) throws DirectoryException {
        throw outside();
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        throw outside();
    }

    @Override
    public Group create(String displayName, Optional<String> description) throws DirectoryException {
        throw outside();
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description)
            throws DirectoryException {
        throw outside();
    }

    @Override
    public void delete(String groupId) throws DirectoryException {
        throw outside();
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException {
        throw outside();
    }

    @Override
    public List<Person> searchUsers(String search, int limit) throws DirectoryException {
        throw outside();
    }

    @Override
    public Optional<Person> userByEmail(String email) throws DirectoryException {
        throw outside();
    }

    @Override
    public Optional<Person> userById(String userId) throws DirectoryException {
        throw outside();
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException {
        throw outside();
    }

    @Override
    public void removeMember(String groupId, String userId) throws DirectoryException {
        throw outside();
    }

    @Override
    public DirectoryHealth probe() {
        return DirectoryHealth.up();
    }
}
