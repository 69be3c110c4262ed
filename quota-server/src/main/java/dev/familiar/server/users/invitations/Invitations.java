package dev.familiar.server.users.invitations;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Role;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Inviting users and issuing password-reset codes. ADMIN acts in any tenant; TENANT_ADMIN only in their own, never
 * grants ADMIN and never resets an ADMIN's password (that would hand them the platform). An invited account exists
 * at once, named by its lower-cased e-mail address, with the password marker {@link User#INVITED}, so it cannot log
 * in until its code is accepted. The account, its code and the audit entry are written in one transaction.
 */
public final class Invitations {
    /** What an invitation came to. */
    public sealed interface InviteOutcome permits Invited, EmailTaken, UnknownTenant, NotAllowed {
    }

    public record Invited(UserCodes.Issued issued) implements InviteOutcome {
    }

    /** Another account already has this e-mail address as its name or address. */
    public record EmailTaken() implements InviteOutcome {
    }

    public record UnknownTenant() implements InviteOutcome {
    }

    /** The caller may not do this (a TENANT_ADMIN beyond their tenant or rights). */
    public record NotAllowed(String reason) implements InviteOutcome, ResetOutcome {
    }

    /** What issuing a password-reset code came to. */
    public sealed interface ResetOutcome permits ResetIssued, NoSuchUser, NotAllowed, NoPassword {
    }

    public record ResetIssued(UserCodes.Issued issued) implements ResetOutcome {
    }

    /** No such user within the caller's reach (another tenant's users are not revealed to a TENANT_ADMIN). */
    public record NoSuchUser() implements ResetOutcome {
    }

    /** An end user created by a service key: it never logs in, so it has no password to reset. */
    public record NoPassword() implements ResetOutcome {
    }

    private final DataSource dataSource;
    private final UserStore users;
    private final UserCodes codes;
    private final AuditLog audit;
    private final Clock clock;

    public Invitations(DataSource dataSource, UserStore users, UserCodes codes, AuditLog audit, Clock clock) {
        this.dataSource = dataSource;
        this.users = users;
        this.codes = codes;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Invites {@code email} (valid, any case) into {@code tenantId} (the caller's own when empty) with {@code roles}
     * (not empty, no SERVICE).
     */
    public InviteOutcome invite(Principal by, String email, Optional<String> tenantId, Set<Role> roles, Caller caller)
            throws SQLException {
        String tenant = tenantId.orElse(by.tenantId());
        if (!by.isAdmin()) {
            if (!by.tenantId().equals(tenant)) {
                return new NotAllowed("A TENANT_ADMIN invites only into their own tenant");
            }
            if (roles.contains(Role.ADMIN)) {
                return new NotAllowed("Only an ADMIN may grant the ADMIN role");
            }
            if (roles.contains(Role.PROMPT_ENGINEER)) {
                return new NotAllowed("Only an ADMIN may grant the PROMPT_ENGINEER role");
            }
            if (roles.contains(Role.BILLING_ADMIN)) {
                return new NotAllowed("Only an ADMIN may grant the BILLING_ADMIN role");
            }
        }
        if (!users.tenantExists(tenant)) {
            return new UnknownTenant();
        }
        String address = email.toLowerCase(Locale.ROOT);
        if (users.findByUsernameOrEmail(address).isPresent()) {
            return new EmailTaken();
        }
        try {
            return new Invited(inTransaction(c -> create(c, tenant, address, roles, caller)));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // invited at the same moment by someone else
                return new EmailTaken();
            }
            throw e;
        }
    }

    /** A one-time password-reset code for {@code userId}; the user's older unused codes are voided. */
    public ResetOutcome passwordReset(Principal by, String userId, Caller caller) throws SQLException {
        Optional<User> found = users.findById(userId);
        if (found.isEmpty() || !by.isAdmin() && !found.get().tenantId().equals(by.tenantId())) {
            return new NoSuchUser();
        }
        User user = found.get();
        if (!by.isAdmin() && user.roles().contains(Role.ADMIN)) {
            return new NotAllowed("Only an ADMIN may reset an ADMIN's password");
        }
        if (user.isExternal()) {
            return new NoPassword();
        }
        return new ResetIssued(inTransaction(c -> {
            UserCodes.Issued issued = codes.issue(c, user.id(), UserCodeKind.PASSWORD_RESET, caller.actor());
            audit.record(c, caller.entry(user.tenantId(), "user.password_reset.issue", user.id(),
                    AuditEntry.Outcome.SUCCESS));
            return issued;
        }));
    }

    /**
     * The owner of an organisation being signed up (UC-01), written on the sign-up's connection: a TENANT_ADMIN of
     * {@code tenantId} named {@code email}, and its invitation code. A taken e-mail address fails the transaction
     * with SQLState 23505.
     */
    public UserCodes.Issued inviteOwner(Connection c, String tenantId, String email, Caller caller) throws SQLException {
        return create(c, tenantId, email.toLowerCase(Locale.ROOT), EnumSet.of(Role.TENANT_ADMIN), caller);
    }

    /**
     * A new invitation code for the owner of an organisation whose sign-up is finished again (its first answer was
     * lost): empty when the owner has set a password meanwhile, or the address belongs to another tenant's account.
     * An organisation signed up before owners existed gets its owner now.
     */
    public Optional<UserCodes.Issued> reinviteOwner(String tenantId, String email, Caller caller) throws SQLException {
        Optional<User> owner = users.findByUsernameOrEmail(email);
        if (owner.isEmpty()) {
            try {
                return Optional.of(inTransaction(c -> inviteOwner(c, tenantId, email, caller)));
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return Optional.empty();
                }
                throw e;
            }
        }
        User user = owner.get();
        if (!user.isInvited() || !user.tenantId().equals(tenantId)) {
            return Optional.empty();
        }
        return Optional.of(inTransaction(c -> {
            UserCodes.Issued issued = codes.issue(c, user.id(), UserCodeKind.INVITATION, caller.actor());
            audit.record(c, caller.entry(tenantId, "user.invite", user.id(), AuditEntry.Outcome.SUCCESS));
            return issued;
        }));
    }

    private UserCodes.Issued create(Connection c, String tenantId, String address, Set<Role> roles, Caller caller)
            throws SQLException {
        User user = new User(UUID.randomUUID().toString(), tenantId, address, Optional.of(address), User.INVITED, roles,
                false, clock.instant());
        users.insert(c, user);
        UserCodes.Issued issued = codes.issue(c, user.id(), UserCodeKind.INVITATION, caller.actor());
        audit.record(c, caller.entry(tenantId, "user.invite", user.id(), AuditEntry.Outcome.SUCCESS));
        return issued;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
