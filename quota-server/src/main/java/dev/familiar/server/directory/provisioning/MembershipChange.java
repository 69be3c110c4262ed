package dev.familiar.server.directory.provisioning;

import dev.familiar.server.directory.AddOutcome;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.Person;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Action;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Makes one job's change in the directory, idempotently: adding a person already in the group and removing one who
 * is not (or a group that is gone) are done, not errors. Who the owner is in the directory: in local mode our user
 * id; in Entra mode the user with the owner's e-mail address. Thread-safe (the port is).
 */
public final class MembershipChange {
    /** What one attempt came to. */
    public sealed interface Result permits Done, RetryLater, Failed {
    }

    /** The directory is as the job wants it; {@code outcome} says what we found. */
    public record Done(String outcome) implements Result {
    }

    /** A passing failure (throttled, unavailable): try again, not before {@code retryAfter} when the directory said. */
    public record RetryLater(String error, Optional<Duration> retryAfter) implements Result {
    }

    /** Trying again will not help (no such person or group, no permission, a refused request). */
    public record Failed(String error) implements Result {
    }

    private final Directory directory;

    public MembershipChange(Directory directory) {
        this.directory = directory;
    }

    public Result apply(ProvisioningJob job) {
        try {
            Optional<String> person = personOf(job);
            if (person.isEmpty()) {
                return job.action() == Action.REMOVE
                        ? new Done("not in the directory: nothing to remove")
                        : new Failed("No user with the e-mail address " + job.email() + " in the "
                                + directory.mode().wireName() + " directory");
            }
            return job.action() == Action.ADD ? add(job, person.get()) : remove(job, person.get());
        } catch (DirectoryException e) {
            return switch (e.kind()) {
                case THROTTLED, UNAVAILABLE -> new RetryLater(e.getMessage(), e.retryAfter());
                case NOT_FOUND -> job.action() == Action.REMOVE
                        ? new Done("not a member (or the group is gone): nothing to remove")
                        : new Failed("The group " + job.groupId() + " does not exist in the "
                                + directory.mode().wireName() + " directory");
                default -> new Failed(e.kind() + ": " + e.getMessage());
            };
        }
    }

    private Optional<String> personOf(ProvisioningJob job) throws DirectoryException {
        if (directory.mode() == DirectoryMode.LOCAL) {
            return Optional.of(job.userId());
        }
        return directory.userByEmail(job.email()).map(Person::id);
    }

    private Result add(ProvisioningJob job, String personId) throws DirectoryException {
        List<AddOutcome> outcomes = directory.addMembers(job.groupId(), List.of(personId));
        AddOutcome outcome = outcomes.isEmpty()
                ? new AddOutcome(personId, AddOutcome.Kind.FAILED, "the directory answered nothing") : outcomes.get(0);
        return switch (outcome.kind()) {
            case ADDED -> new Done("added");
            case ALREADY_MEMBER -> new Done("already a member");
            case NOT_FOUND -> new Failed("The " + directory.mode().wireName() + " directory has no user " + personId
                    + (outcome.message().isEmpty() ? "" : ": " + outcome.message()));
            case FAILED -> new RetryLater("The directory did not add " + personId
                    + (outcome.message().isEmpty() ? "" : ": " + outcome.message()), Optional.empty());
        };
    }

    private Result remove(ProvisioningJob job, String personId) throws DirectoryException {
        directory.removeMember(job.groupId(), personId);
        return new Done("removed");
    }
}
