package dev.familiar.server.directory;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The directory port: groups and memberships, in Microsoft Entra ({@code graph.GraphDirectory}) or in our database
 * ({@code local.LocalDirectory}, dry-run). Both adapters keep the same behaviour and errors; every failure is a
 * {@link DirectoryException} of a known kind. Implementations are thread-safe.
 */
public interface Directory {
    /** The largest page any listing answers. */
    int MAX_PAGE = 100;

    DirectoryMode mode();

    /**
     * Groups ordered by display name, those whose display name matches {@code search} (words starting with it,
     * case-insensitive; null or blank: all), {@code limit} (1…{@link #MAX_PAGE}) at a time from {@code cursor}
     * (null: the first page). Member counts are filled where the directory can count them.
     */
    Page<Group> groups(String search, String cursor, int limit) throws DirectoryException;

    /** One group; NOT_FOUND when there is none. */
    Group group(String groupId) throws DirectoryException;

    /** A new security group; {@code description} may be empty. */
    Group create(String displayName, Optional<String> description) throws DirectoryException;

    /**
     * Renames and/or describes a group (an empty Optional leaves the field; a present empty string clears the
     * description); answers the group as it is now.
     */
    Group update(String groupId, Optional<String> displayName, Optional<String> description) throws DirectoryException;

    /** Deletes a group; NOT_FOUND when there is none. */
    void delete(String groupId) throws DirectoryException;

    /** Direct members of a group ordered by display name, a page at a time; NOT_FOUND for an unknown group. */
    Page<Person> members(String groupId, String cursor, int limit) throws DirectoryException;

    /** People whose display name or e-mail address starts with {@code search} (at least one character), at most {@code limit}. */
    List<Person> searchUsers(String search, int limit) throws DirectoryException;

    /** The person with this e-mail address (Entra: {@code mail} or user principal name), case-insensitive. */
    Optional<Person> userByEmail(String email) throws DirectoryException;

    /** The person with this directory user id. */
    Optional<Person> userById(String userId) throws DirectoryException;

    /**
     * Adds people (by directory user id, no repeats) to a group; one outcome per id, in order. Someone already in
     * the group is {@link AddOutcome.Kind#ALREADY_MEMBER} (success). NOT_FOUND (thrown) for an unknown group.
     */
    List<AddOutcome> addMembers(String groupId, List<String> userIds) throws DirectoryException;

    /** Removes a direct member; NOT_FOUND when the group does not exist or the person is not a member of it. */
    void removeMember(String groupId, String userId) throws DirectoryException;

    /** The ids of every group the person belongs to (transitively where the directory nests groups). */
    Set<String> groupIdsOf(String userId) throws DirectoryException;

    /** A cheap call that proves the directory answers (readiness); never throws. */
    DirectoryHealth probe();
}
