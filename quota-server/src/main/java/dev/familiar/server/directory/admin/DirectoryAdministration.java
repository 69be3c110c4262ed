package dev.familiar.server.directory.admin;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administration of the directory's groups and memberships over the {@link Directory} port, whichever adapter is
 * live. Every use case answers an {@link Outcome}: the value, or the directory's failure already classified (its
 * message is written for an administrator and never carries a secret). Every write is audited, successes as
 * SUCCESS and directory failures as FAILURE; the target names the group (and the member, or the counts), never a
 * list of e-mail addresses. Thread-safe when the directory is (every adapter is).
 */
public final class DirectoryAdministration {
    /** The answer of a directory user search: its first matches. */
    public static final int USER_SEARCH_LIMIT = 25;
    /** Entries of one add-members request, ids and e-mails together. */
    public static final int MAX_ENTRIES = 1_000;
    /** What a THROTTLED answer asks the caller to wait when the directory did not say. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryAdministration.class);

    /** The result of a use case. */
    public sealed interface Outcome<T> permits Done, Failed {
    }

    /** It worked: {@code value} is the answer. */
    public record Done<T>(T value) implements Outcome<T> {
    }

    /**
     * The directory did not do it: {@code kind} says why (NOT_FOUND, INVALID, CONFLICT, DENIED, THROTTLED,
     * UNAVAILABLE), {@code message} is the directory's, {@code retryAfter} how long to wait (THROTTLED only), and
     * {@code field} the request field an INVALID answer is about, when the use case knows it.
     */
    public record Failed<T>(DirectoryException.Kind kind, String message, Optional<Duration> retryAfter,
                            Optional<String> field) implements Outcome<T> {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
            retryAfter = kind == DirectoryException.Kind.THROTTLED
                    ? Optional.of(retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter.orElse(DEFAULT_RETRY_AFTER))
                    : Optional.empty();
            field = field == null ? Optional.empty() : field;
        }

        static <T> Failed<T> of(DirectoryException e, Optional<String> field) {
            return new Failed<>(e.kind(), e.getMessage(), e.retryAfter(), field);
        }

        static <T> Failed<T> notFound(String message) {
            return new Failed<>(DirectoryException.Kind.NOT_FOUND, message, Optional.empty(), Optional.empty());
        }
    }

    /** Who makes a change, and from where: the audit trail's actor, request id and client address. */
    public record Caller(String actor, String requestId, String clientAddress) {
        AuditEntry audit(String action, String target, AuditEntry.Outcome outcome) {
            return new AuditEntry(null, actor, action, target, outcome, requestId, clientAddress);
        }
    }

    /** The answer of an add-members request: one result per entry (ids first, then e-mails) and the counts. */
    public record AddReport(List<MemberEntries.Result> results, int added, int alreadyMembers, int failed) {
        public AddReport {
            results = List.copyOf(results);
        }
    }

    private final Directory directory;
    private final Consumer<String> afterGroupDeleted;
    private final AuditLog audit;

    /**
     * @param afterGroupDeleted told the id of each group deleted here, after the directory deleted it (the role
     *                          mappings of the group go with it); a failure of it is logged, the deletion stands
     */
    public DirectoryAdministration(Directory directory, Consumer<String> afterGroupDeleted, AuditLog audit) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.afterGroupDeleted = Objects.requireNonNull(afterGroupDeleted, "afterGroupDeleted");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** Groups whose display name matches {@code search} (blank: all), a page at a time. */
    public Outcome<Page<Group>> groups(Optional<String> search, Optional<String> cursor, int limit) {
        try {
            return new Done<>(directory.groups(search.orElse(null), cursor.orElse(null), limit));
        } catch (DirectoryException e) {
            return Failed.of(e, cursor.map(c -> "cursor"));
        }
    }

    public Outcome<Group> create(Caller caller, String displayName, Optional<String> description) {
        try {
            Group group = directory.create(displayName, description);
            audit.record(caller.audit("directory.group.create", group.id(), AuditEntry.Outcome.SUCCESS));
            return new Done<>(group);
        } catch (DirectoryException e) {
            audit.record(caller.audit("directory.group.create", "(new group)", AuditEntry.Outcome.FAILURE));
            return Failed.of(e, Optional.empty());
        }
    }

    /** Renames and/or describes; an empty Optional leaves that field, a present empty description clears it. */
    public Outcome<Group> update(Caller caller, String groupId, Optional<String> displayName,
                                 Optional<String> description) {
        try {
            Group group = directory.update(groupId, displayName, description);
            audit.record(caller.audit("directory.group.update", groupId, AuditEntry.Outcome.SUCCESS));
            return new Done<>(group);
        } catch (DirectoryException e) {
            audit.record(caller.audit("directory.group.update", groupId, AuditEntry.Outcome.FAILURE));
            return Failed.of(e, Optional.empty());
        }
    }

    /** Deletes a group and answers it as it was; then its role mappings go ({@code afterGroupDeleted}). */
    public Outcome<Group> delete(Caller caller, String groupId) {
        Group group;
        try {
            group = directory.group(groupId);
            directory.delete(groupId);
        } catch (DirectoryException e) {
            audit.record(caller.audit("directory.group.delete", groupId, AuditEntry.Outcome.FAILURE));
            return Failed.of(e, Optional.empty());
        }
        audit.record(caller.audit("directory.group.delete", groupId, AuditEntry.Outcome.SUCCESS));
        try {
            afterGroupDeleted.accept(groupId);
        } catch (RuntimeException e) {
            // The group is gone in the directory either way; a mapping left behind names a group that no longer
            // exists and grants nothing to anyone, and the next PUT of the mappings drops it.
            LOG.error("Group {} deleted, but forgetting its role mappings failed", groupId, e);
        }
        return new Done<>(group);
    }

    /** Direct members of a group, a page at a time. */
    public Outcome<Page<Person>> members(String groupId, Optional<String> cursor, int limit) {
        try {
            return new Done<>(directory.members(groupId, cursor.orElse(null), limit));
        } catch (DirectoryException e) {
            return Failed.of(e, cursor.map(c -> "cursor"));
        }
    }

    /** The directory's people whose display name or e-mail starts with {@code search}: the first 25. */
    public Outcome<List<Person>> searchUsers(String search) {
        try {
            List<Person> found = directory.searchUsers(search, USER_SEARCH_LIMIT);
            return new Done<>(found.size() > USER_SEARCH_LIMIT ? found.subList(0, USER_SEARCH_LIMIT) : found);
        } catch (DirectoryException e) {
            return Failed.of(e, Optional.of("search"));
        }
    }

    /**
     * Adds people to a group by directory user id and by e-mail address, with a result per entry (ids first, then
     * e-mails, each in the order given). Malformed entries and repeats (also an e-mail address of someone already
     * named) are INVALID, unknown e-mail addresses NOT_FOUND; the rest are added in one call to the directory. A
     * group that does not exist is a NOT_FOUND of the whole request, and so is nothing added. The directory being
     * throttled or unavailable while e-mail addresses are resolved fails the whole request before anything is added,
     * so it can simply be sent again.
     */
    public Outcome<AddReport> addMembers(Caller caller, String groupId, List<String> userIds, List<String> emails) {
        MemberEntries entries = MemberEntries.of(userIds, emails);
        try {
            directory.group(groupId);
            for (MemberEntries.Entry entry : entries.emailsToResolve()) {
                try {
                    Optional<Person> person = directory.userByEmail(entry.value());
                    if (person.isPresent()) {
                        entries.resolved(entry, person.get().id());
                    } else {
                        entries.notFound(entry, "No one in the directory has this e-mail address");
                    }
                } catch (DirectoryException e) {
                    if (e.kind() == DirectoryException.Kind.INVALID) {
                        entries.invalid(entry, e.getMessage());
                    } else if (e.kind() == DirectoryException.Kind.NOT_FOUND) {
                        entries.notFound(entry, e.getMessage());
                    } else {
                        throw e;
                    }
                }
            }
            List<String> ids = entries.idsToAdd();
            if (!ids.isEmpty()) {
                List<AddOutcome> outcomes = directory.addMembers(groupId, ids);
                Map<String, AddOutcome> byId = new HashMap<>();
                outcomes.forEach(o -> byId.put(MemberEntries.key(o.userId()), o));
                entries.applied(byId);
            }
        } catch (DirectoryException e) {
            audit.record(caller.audit("directory.member.add", target(groupId, entries.size() + " entries"),
                    AuditEntry.Outcome.FAILURE));
            return Failed.of(e, Optional.empty());
        }
        List<MemberEntries.Result> results = entries.results();
        int added = count(results, MemberEntries.Status.ADDED);
        int already = count(results, MemberEntries.Status.ALREADY_MEMBER);
        int failed = results.size() - added - already;
        audit.record(caller.audit("directory.member.add",
                target(groupId, "added " + added + ", already " + already + ", failed " + failed),
                added > 0 || already > 0 || failed == 0 ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE));
        return new Done<>(new AddReport(results, added, already, failed));
    }

    /** Removes a direct member; NOT_FOUND when the group does not exist or the person is not a member of it. */
    public Outcome<String> removeMember(Caller caller, String groupId, String memberId) {
        try {
            directory.removeMember(groupId, memberId);
        } catch (DirectoryException e) {
            audit.record(caller.audit("directory.member.remove", target(groupId, "member " + memberId),
                    AuditEntry.Outcome.FAILURE));
            return Failed.of(e, Optional.empty());
        }
        audit.record(caller.audit("directory.member.remove", target(groupId, "member " + memberId),
                AuditEntry.Outcome.SUCCESS));
        return new Done<>(memberId);
    }

    private static String target(String groupId, String what) {
        return groupId + " (" + what + ")";
    }

    private static int count(List<MemberEntries.Result> results, MemberEntries.Status status) {
        return (int) results.stream().filter(r -> r.status() == status).count();
    }
}
