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
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in for the server's directory until the directory factory is wired into the runtime (issue 15's merge):
 * every call is UNAVAILABLE. Delete it once {@code Directories} provides the runtime's directory.
 */
public final class UnwiredDirectory implements Directory {
    private static DirectoryException unwired() {
        return new DirectoryException(DirectoryException.Kind.UNAVAILABLE, "the directory is not wired into this server");
    }

    @Override
    public DirectoryMode mode() {
        return DirectoryMode.LOCAL;
    }

    @Override
    public Page<Group> groups(String search, String cursor, int limit) throws DirectoryException {
        throw unwired();
    }

    @Override
    public Group group(String groupId) throws DirectoryException {
        throw unwired();
    }

    @Override
    public Group create(String displayName, Optional<String> description) throws DirectoryException {
        throw unwired();
    }

    @Override
    public Group update(String groupId, Optional<String> displayName, Optional<String> description)
            throws DirectoryException {
        throw unwired();
    }

    @Override
    public void delete(String groupId) throws DirectoryException {
        throw unwired();
    }

    @Override
    public Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException {
        throw unwired();
    }

    @Override
    public List<Person> searchUsers(String search, int limit) throws DirectoryException {
        throw unwired();
    }

    @Override
    public Optional<Person> userByEmail(String email) throws DirectoryException {
        throw unwired();
    }

    @Override
    public Optional<Person> userById(String userId) throws DirectoryException {
        throw unwired();
    }

    @Override
    public List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException {
        throw unwired();
    }

    @Override
    public void removeMember(String groupId, String userId) throws DirectoryException {
        throw unwired();
    }

    @Override
    public Set<String> groupIdsOf(String userId) throws DirectoryException {
        throw unwired();
    }

    @Override
    public DirectoryHealth probe() {
        return new DirectoryHealth(false, "the directory is not wired into this server");
    }
}
