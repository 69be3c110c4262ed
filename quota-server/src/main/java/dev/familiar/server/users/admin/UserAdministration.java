package dev.familiar.server.users.admin;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Role;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rules of user administration. An ADMIN reaches every account; a TENANT_ADMIN only the accounts of their own
 * tenant (others are "not found"), and never an ADMIN's account nor the ADMIN role. Deleted accounts are not found.
 * The last active ADMIN (not locked, deleted or merely invited) is never demoted, locked or deleted. Every change is
 * audited in the transaction that makes it; refusals are audited as DENIED.
 */
public final class UserAdministration {
    /** The result of a look-up or a change. */
    public sealed interface Outcome permits Done, NotFound, Forbidden, LastAdmin {
    }

    /** The account as it is now (after the change, if any). */
    public record Done(Account account) implements Outcome {
    }

    /** No such account within the caller's reach (or deleted). */
    public record NotFound() implements Outcome {
    }

    /** Within reach, but not the caller's to change in this way. */
    public record Forbidden(String reason) implements Outcome {
    }

    /** The change would leave the platform without an active ADMIN. */
    public record LastAdmin() implements Outcome {
    }

    /** The request a change is made by: who, and from where (for the audit trail). */
    public record Caller(Principal principal, String requestId, String clientAddress) {
        AuditEntry audit(Account target, String action, AuditEntry.Outcome outcome) {
            return new AuditEntry(target.tenantId(), principal.subject(), action, target.id(), outcome, requestId,
                    clientAddress);
        }
    }

    private final UserDirectory directory;
    private final LockedAccounts locked;
    private final Consumer<String> forgetKeysOf;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param forgetKeysOf told the id of a user deleted or given other roles, so this server's cached API-key
     *                     verifications of theirs are dropped
     */
    public UserAdministration(UserDirectory directory, LockedAccounts locked, Consumer<String> forgetKeysOf,
                              AuditLog audit, Clock clock) {
        this.directory = directory;
        this.locked = locked;
        this.forgetKeysOf = forgetKeysOf;
        this.audit = audit;
        this.clock = clock;
    }

    /** One page of accounts; a TENANT_ADMIN's filter must be (and is made) their own tenant. */
    public List<Account> list(Principal caller, UserDirectory.Filter filter, Optional<String> after, int limit)
            throws SQLException {
        UserDirectory.Filter scoped = caller.isAdmin() ? filter : new UserDirectory.Filter(filter.search(),
                Optional.of(caller.tenantId()), filter.role(), filter.status());
        return directory.page(scoped, after, limit);
    }

    /** Whether {@code caller} may list the users of {@code tenantId}: ADMIN any, TENANT_ADMIN their own. */
    public static boolean mayList(Principal caller, String tenantId) {
        return caller.isAdmin() || caller.tenantId().equals(tenantId);
    }

    public Outcome get(Principal caller, String id) throws SQLException {
        Optional<Account> account = directory.find(id);
        if (account.isEmpty() || account.get().isDeleted() || !reaches(caller, account.get())) {
            return new NotFound();
        }
        return new Done(account.get());
    }

    /** Changes roles and/or the lock; {@code Optional.empty()} leaves that part as it is. */
    public Outcome update(Caller caller, String id, Optional<Set<Role>> roles, Optional<Boolean> lock)
            throws SQLException {
        Instant now = clock.instant();
        Outcome outcome = directory.change(id, (current, activeAdmins) -> {
            Optional<Outcome> refused = refusal(caller.principal(), current, roles);
            if (refused.isPresent()) {
                return new UserDirectory.Keep<>(refused.get());
            }
            Account before = current.orElseThrow();
            Account after = before;
            List<AuditEntry> entries = new ArrayList<>();
            if (roles.isPresent() && !roles.get().equals(before.roles())) {
                after = after.withRoles(roles.get());
                entries.add(caller.audit(before, "user.roles.change", AuditEntry.Outcome.SUCCESS));
            }
            if (lock.isPresent() && lock.get() != before.isLocked()) {
                after = after.withLockedAt(lock.get() ? Optional.of(now) : Optional.empty());
                entries.add(caller.audit(before, lock.get() ? "user.lock" : "user.unlock", AuditEntry.Outcome.SUCCESS));
            }
            if (leavesNoAdmin(before, after, activeAdmins)) {
                return new UserDirectory.Keep<>(new LastAdmin());
            }
            if (entries.isEmpty()) {
                return new UserDirectory.Keep<>(new Done(before));
            }
            return new UserDirectory.Write<>(after, false, entries, new Done(after));
        });
        if (outcome instanceof Done done) {
            if (lock.isPresent()) {
                locked.changed(id, done.account().isLocked());
            }
            if (roles.isPresent()) {
                forgetKeysOf.accept(id); // API keys carry their owner's roles from their next verification
            }
        }
        auditRefusal(caller, id, outcome, lock.map(l -> l ? "user.lock" : "user.unlock").orElse("user.roles.change"));
        return outcome;
    }

    /** Deletes the account: API keys revoked, personal data removed; the row (and its usage history) stays. */
    public Outcome delete(Caller caller, String id) throws SQLException {
        Instant now = clock.instant();
        Outcome outcome = directory.change(id, (current, activeAdmins) -> {
            Optional<Outcome> refused = refusal(caller.principal(), current, Optional.empty());
            if (refused.isPresent()) {
                return new UserDirectory.Keep<>(refused.get());
            }
            Account before = current.orElseThrow();
            Account after = before.deleted(now);
            if (leavesNoAdmin(before, after, activeAdmins)) {
                return new UserDirectory.Keep<>(new LastAdmin());
            }
            return new UserDirectory.Write<>(after, true,
                    List.of(caller.audit(before, "user.delete", AuditEntry.Outcome.SUCCESS)), new Done(after));
        });
        if (outcome instanceof Done) {
            locked.changed(id, true);
            forgetKeysOf.accept(id);
        }
        auditRefusal(caller, id, outcome, "user.delete");
        return outcome;
    }

    /** Why {@code caller} may not touch {@code current} (with {@code newRoles}), if they may not. */
    private static Optional<Outcome> refusal(Principal caller, Optional<Account> current, Optional<Set<Role>> newRoles) {
        if (current.isEmpty() || current.get().isDeleted() || !reaches(caller, current.get())) {
            return Optional.of(new NotFound());
        }
        if (!caller.isAdmin()) {
            if (current.get().roles().contains(Role.ADMIN)) {
                return Optional.of(new Forbidden("Only an ADMIN may change an ADMIN's account"));
            }
            if (newRoles.map(r -> r.contains(Role.ADMIN)).orElse(false)) {
                return Optional.of(new Forbidden("Only an ADMIN may grant the ADMIN role"));
            }
            boolean engineer = current.get().roles().contains(Role.PROMPT_ENGINEER);
            if (newRoles.map(r -> r.contains(Role.PROMPT_ENGINEER) != engineer).orElse(false)) {
                return Optional.of(new Forbidden("Only an ADMIN may grant or remove the PROMPT_ENGINEER role"));
            }
            // BILLING_ADMIN acts on every organisation's subscription: a tenant admin may not hand it out either
            boolean billing = current.get().roles().contains(Role.BILLING_ADMIN);
            if (newRoles.map(r -> r.contains(Role.BILLING_ADMIN) != billing).orElse(false)) {
                return Optional.of(new Forbidden("Only an ADMIN may grant or remove the BILLING_ADMIN role"));
            }
        }
        return Optional.empty();
    }

    private static boolean reaches(Principal caller, Account account) {
        return caller.isAdmin() || caller.tenantId().equals(account.tenantId());
    }

    private static boolean leavesNoAdmin(Account before, Account after, Set<String> activeAdmins) {
        if (!before.isActiveAdmin() || after.isActiveAdmin()) {
            return false;
        }
        Set<String> others = new HashSet<>(activeAdmins);
        others.remove(before.id());
        return others.isEmpty();
    }

    private void auditRefusal(Caller caller, String id, Outcome outcome, String action) {
        if (outcome instanceof Forbidden || outcome instanceof LastAdmin) {
            audit.record(new AuditEntry(null, caller.principal().subject(), action, id, AuditEntry.Outcome.DENIED,
                    caller.requestId(), caller.clientAddress()));
        }
    }
}
