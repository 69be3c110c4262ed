package dev.familiar.server.prompt.functions;

import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.contract.ChangeClassifier;
import dev.familiar.model.prompt.contract.ParameterSchema;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.config.PromptFunctionSettings;
import dev.familiar.server.prompt.functions.PromptFunctionStore.DeploymentRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Deployments of prompt functions as {@code function@major}: request, approve, reject, roll back. Within a major only
 * a PATCH or MINOR version (against the major's active one) may become active; a MAJOR one is refused with its
 * incompatibilities and is published as the next major instead. Every decision runs in the function's locked
 * transaction ({@link PromptFunctionStore#locked}): the compatibility check, the old active deployment SUPERSEDED,
 * the new one ACTIVE and the {@code deployed_function} row all commit together, so concurrent approvals of one major
 * leave exactly one ACTIVE. Thread-safe.
 */
public final class Deployments {
    public static final String PENDING = "PENDING_APPROVAL";
    public static final String ACTIVE = "ACTIVE";
    public static final String SUPERSEDED = "SUPERSEDED";
    public static final String ROLLED_BACK = "ROLLED_BACK";
    public static final String REJECTED = "REJECTED";
    public static final List<String> STATUSES = List.of(PENDING, ACTIVE, SUPERSEDED, ROLLED_BACK, REJECTED);

    /** What a deployment call did. */
    public sealed interface Outcome permits Done, NotFound, Invalid, Breaking, Conflict, Forbidden {
    }

    public record Done(DeploymentRow deployment) implements Outcome {
    }

    public record NotFound(String message) implements Outcome {
    }

    /** The request does not fit ({@code field} names what): a major that is neither existing nor the next one. */
    public record Invalid(String field, String message) implements Outcome {
    }

    /** The version is MAJOR against the major's active version: each incompatibility. */
    public record Breaking(String message, List<Incompatibility> breaking) implements Outcome {
    }

    /** The deployment is not waiting for approval, the version is already active, or nothing to roll back to. */
    public record Conflict(String message) implements Outcome {
    }

    public record Forbidden(String message) implements Outcome {
    }

    private final PromptFunctionStore store;
    private final PromptFunctionSettings settings;
    private final Predicate<String> providerKnown;
    private final Clock clock;

    /** @param providerKnown whether a provider name (from a version's settings) is configured on this server */
    public Deployments(PromptFunctionStore store, PromptFunctionSettings settings, Predicate<String> providerKnown,
                       Clock clock) {
        this.store = store;
        this.settings = settings;
        this.providerKnown = providerKnown;
        this.clock = clock;
    }

    public PromptFunctionSettings settings() {
        return settings;
    }

    /** Whether {@code who} holds one of the approver roles. */
    public boolean mayApprove(Principal who) {
        return !Collections.disjoint(who.roles(), settings.approverRoles());
    }

    /**
     * Requests {@code version} as the active version of {@code major}: PENDING_APPROVAL, or ACTIVE at once when
     * approval is off.
     */
    public Outcome request(String function, int version, int major, Principal who) throws SQLException {
        return store.locked(function, (c, f) -> {
            Optional<PromptVersionView> v = store.version(c, function, version);
            if (v.isEmpty()) {
                return (Outcome) new NotFound("No version " + version + " of " + function);
            }
            Outcome unfit = checkTarget(c, function, v.get(), major);
            if (unfit != null) {
                return unfit;
            }
            Compatibility compat = compatibility(c, function, v.get(), major);
            if (compat.refusal() != null) {
                return compat.refusal();
            }
            if (store.pendingExists(c, function, version, major)) {
                return new Conflict("A deployment of " + function + " version " + version + " as major " + major
                        + " is already waiting for approval");
            }
            Instant now = clock.instant();
            DeploymentRow row = new DeploymentRow(UUID.randomUUID().toString(), function, version, major, PENDING,
                    compat.changeClass(), List.of(), who.subject(), now, null, null, null);
            store.insertDeployment(c, row);
            if (!settings.approvalRequired()) {
                row = activate(c, row, who.subject(), now);
            }
            return done(c, row);
        }).orElseGet(() -> new NotFound("No prompt function " + function));
    }

    /**
     * Approves a pending deployment and makes it active: refused to whoever requested it or authored its version,
     * and to callers without an approver role; compatibility is checked again against the major's active version.
     */
    public Outcome approve(String function, String id, Principal who) throws SQLException {
        if (!mayApprove(who)) {
            return new Forbidden("Approving a deployment needs one of the roles " + settings.approverRoleNames());
        }
        return store.locked(function, (c, f) -> {
            Optional<DeploymentRow> found = store.deployment(c, id).filter(d -> d.function().equals(function));
            if (found.isEmpty()) {
                return (Outcome) new NotFound("No deployment " + id + " of " + function);
            }
            DeploymentRow d = found.get();
            if (!d.status().equals(PENDING)) {
                return new Conflict("The deployment is " + d.status() + ", not waiting for approval");
            }
            // ids, not usernames: the stored requester and author against the caller
            if (d.requestedBy().equals(who.subject())) {
                return new Forbidden("You requested this deployment: another person must approve it");
            }
            PromptVersionView v = store.version(c, function, d.version()).orElseThrow();
            if (store.authorId(c, function, d.version()).filter(who.subject()::equals).isPresent()) {
                return new Forbidden("You authored version " + d.version() + ": another person must approve it");
            }
            Outcome unfit = checkTarget(c, function, v, d.major());
            if (unfit != null) {
                return unfit;
            }
            Compatibility compat = compatibility(c, function, v, d.major());
            if (compat.refusal() != null) {
                return compat.refusal();
            }
            DeploymentRow reclassified = new DeploymentRow(d.id(), d.function(), d.version(), d.major(), d.status(),
                    compat.changeClass(), List.of(), d.requestedBy(), d.requestedAt(), null, null, null);
            return done(c, activate(c, reclassified, who.subject(), clock.instant()));
        }).orElseGet(() -> new NotFound("No prompt function " + function));
    }

    /** Rejects a pending deployment: an approver, or the person who requested it (withdrawing it). */
    public Outcome reject(String function, String id, Principal who) throws SQLException {
        return store.locked(function, (c, f) -> {
            Optional<DeploymentRow> found = store.deployment(c, id).filter(d -> d.function().equals(function));
            if (found.isEmpty()) {
                return (Outcome) new NotFound("No deployment " + id + " of " + function);
            }
            DeploymentRow d = found.get();
            if (!mayApprove(who) && !d.requestedBy().equals(who.subject())) {
                return new Forbidden("Rejecting a deployment needs one of the roles " + settings.approverRoleNames()
                        + " (or to have requested it)");
            }
            if (!d.status().equals(PENDING)) {
                return new Conflict("The deployment is " + d.status() + ", not waiting for approval");
            }
            DeploymentRow rejected = d.decided(REJECTED, who.subject(), clock.instant(), null);
            store.updateDeployment(c, rejected);
            return done(c, rejected);
        }).orElseGet(() -> new NotFound("No prompt function " + function));
    }

    /**
     * Makes the deployment that the major's active one replaced active again, in one step: the active one becomes
     * ROLLED_BACK. Needs an approver role while approval is required.
     */
    public Outcome rollback(String function, int major, Principal who) throws SQLException {
        if (settings.approvalRequired() && !mayApprove(who)) {
            return new Forbidden("Rolling back needs one of the roles " + settings.approverRoleNames());
        }
        return store.locked(function, (c, f) -> {
            Optional<PromptFunctionStore.Deployed> active = store.deployed(c, function, major);
            if (active.isEmpty()) {
                return (Outcome) new NotFound(function + " has no major " + major);
            }
            DeploymentRow current = store.deployment(c, active.get().deploymentId()).orElseThrow();
            if (current.previousId() == null) {
                return new Conflict("Version " + current.version() + " is the first active version of " + function
                        + " major " + major + ": there is nothing to roll back to");
            }
            DeploymentRow previous = store.deployment(c, current.previousId()).orElseThrow();
            store.setStatus(c, current.id(), ROLLED_BACK);
            store.setStatus(c, previous.id(), ACTIVE);
            Instant now = clock.instant();
            publish(c, previous, now);
            return done(c, previous);
        }).orElseGet(() -> new NotFound("No prompt function " + function));
    }

    /** The deployment as now stored in this transaction (with its people's usernames), as the answer. */
    private Done done(Connection c, DeploymentRow row) throws SQLException {
        return new Done(store.deployment(c, row.id()).orElseThrow());
    }

    /** A major must exist or be the next one; the version's provider must be configured here. Null when it fits. */
    private Outcome checkTarget(Connection c, String function, PromptVersionView v, int major) throws SQLException {
        int maxMajor = store.maxMajor(c, function);
        if (major < 1 || major > maxMajor + 1) {
            return new Invalid("major", maxMajor == 0 ? "must be 1: the first major of " + function
                    : "must be an existing major (1 to " + maxMajor + ") or the next one, " + (maxMajor + 1));
        }
        String provider = v.settings() == null ? null : v.settings().provider();
        if (provider != null && !providerKnown.test(provider)) {
            return new Invalid("version", "version " + v.version() + " uses the provider " + provider
                    + ", which this server does not have");
        }
        return null;
    }

    private record Compatibility(ChangeClass changeClass, Outcome refusal) {
    }

    /**
     * The version's class against the major's active version (null for a new major); MAJOR is a refusal, and so is
     * the version that is already active.
     */
    private Compatibility compatibility(Connection c, String function, PromptVersionView v, int major)
            throws SQLException {
        Optional<PromptFunctionStore.Deployed> active = store.deployed(c, function, major);
        if (active.isEmpty()) {
            return new Compatibility(null, null);
        }
        if (active.get().version() == v.version()) {
            return new Compatibility(null, new Conflict("Version " + v.version() + " is already the active version of "
                    + function + " major " + major));
        }
        PromptVersionView current = store.version(c, function, active.get().version()).orElseThrow();
        ChangeClassifier.Classification cls = Contracts.classify(current, v);
        if (cls.changeClass() == ChangeClass.MAJOR) {
            int next = store.maxMajor(c, function) + 1;
            return new Compatibility(ChangeClass.MAJOR, new Breaking("Version " + v.version() + " would break callers of "
                    + function + " major " + major + " (active version " + current.version() + "); deploy it as major "
                    + next, cls.breaking()));
        }
        return new Compatibility(cls.changeClass(), null);
    }

    /** {@code d} becomes ACTIVE, the major's active deployment SUPERSEDED, the deployed row points at {@code d}. */
    private DeploymentRow activate(Connection c, DeploymentRow d, String by, Instant now) throws SQLException {
        Optional<PromptFunctionStore.Deployed> current = store.deployed(c, d.function(), d.major());
        String previous = null;
        if (current.isPresent()) {
            if (current.get().version() == d.version()) {
                throw new IllegalStateException("already active");
            }
            previous = current.get().deploymentId();
            store.setStatus(c, previous, SUPERSEDED);
        }
        DeploymentRow active = d.decided(ACTIVE, by, now, previous);
        store.updateDeployment(c, active);
        publish(c, active, now);
        return active;
    }

    private void publish(Connection c, DeploymentRow d, Instant now) throws SQLException {
        PromptVersionView v = store.version(c, d.function(), d.version()).orElseThrow();
        store.putDeployed(c, new PromptFunctionStore.Deployed(d.function(), d.major(), d.version(), v.template(),
                v.templateHash(), v.parameters(), ParameterSchema.of(v.parameters()).jsonSchema(),
                Contracts.settings(v.settings()), d.id(), now));
    }
}
