package dev.familiar.server.directory.provisioning;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryHealth;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory that refuses its first {@code failures} membership changes with {@code kind} (and {@code retryAfter}
 * when given), as Graph does when it throttles, then passes every call to the real one, counting the membership
 * changes asked for per "groupId/userId".
 */
final class FlakyDirectory implements Directory {
    private final Directory real;
    private final DirectoryException.Kind kind;
    private final Optional<Duration> retryAfter;
    private final AtomicInteger failuresLeft;
    final AtomicInteger refused = new AtomicInteger();
    final java.util.Map<String, AtomicInteger> changes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Runs before every membership change (a test may hold a worker there). */
    volatile Runnable beforeChange = () -> { };

    FlakyDirectory(Directory real, int failures, DirectoryException.Kind kind, Optional<Duration> retryAfter) {
        this.real = real;
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.failuresLeft = new AtomicInteger(failures);
    }

    private void maybeFail() throws DirectoryException {
        if (failuresLeft.getAndDecrement() > 0) {
            refused.incrementAndGet();
            throw new DirectoryException(kind, "Microsoft Graph is " + kind.name().toLowerCase() + " (test)", retryAfter,
                    null);
        }
    }

    @Override
    public DirectoryMode mode() {
        return real.mode();
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) throws DirectoryException {
        return real.groups(search, cursor, limit);
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        return real.group(groupId);
    }

    @Override
    public Group create(String displayName, Optional<String> description) throws DirectoryException {
        return real.create(displayName, description);
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description)
            throws DirectoryException {
        return real.update(groupId, displayName, description);
    }

    @Override
    public void delete(String groupId) throws DirectoryException {
        real.delete(groupId);
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException {
        return real.members(groupId, cursor, limit);
    }

    @Override
    public List<Person> searchUsers(String search, int limit) throws DirectoryException {
        return real.searchUsers(search, limit);
    }

    @Override
    public Optional<Person> userByEmail(String email) throws DirectoryException {
        return real.userByEmail(email);
    }

    @Override
    public Optional<Person> userById(String userId) throws DirectoryException {
        return real.userById(userId);
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException {
        beforeChange.run();
        userIds.forEach(id -> changes.computeIfAbsent(groupId + "/" + id, k -> new AtomicInteger()).incrementAndGet());
        maybeFail();
        return real.addMembers(groupId, userIds);
    }

    @Override
    public void removeMember(String groupId, String userId) throws DirectoryException {
        changes.computeIfAbsent(groupId + "/" + userId, k -> new AtomicInteger()).incrementAndGet();
        maybeFail();
        real.removeMember(groupId, userId);
    }

    @Override
    public Set<String> groupIdsOf(String userId) throws DirectoryException {
        return real.groupIdsOf(userId);
    }

    @Override
    public DirectoryHealth probe() {
        return real.probe();
    }
}
