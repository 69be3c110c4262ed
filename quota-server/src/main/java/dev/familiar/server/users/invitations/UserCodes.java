package dev.familiar.server.users.invitations;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.security.SecretTokens;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One-time codes of users: issuing them (in the caller's transaction; the user's older unused codes are voided) and
 * accepting them with a new password. A code is 40 random base62 characters behind its kind's prefix; only its
 * SHA-256 is stored. Accepting spends the code with one conditional UPDATE in the transaction that sets the
 * password, so of concurrent acceptances of one code exactly one succeeds. Thread-safe.
 */
public final class UserCodes {
    private static final Pattern CODE = Pattern.compile("fam[ip]_[A-Za-z0-9]{40}");

    /** A code just issued: shown once, then only its hash exists. */
    public record Issued(String userId, UserCodeKind kind, String code, Instant expiresAt) {
    }

    /** What accepting a code came to. */
    public sealed interface Acceptance permits Accepted, Refused {
    }

    /** The password is set; {@code user} is the account as it is now. */
    public record Accepted(User user, UserCodeKind kind) implements Acceptance {
    }

    /** Nothing changed. */
    public record Refused(Reason reason) implements Acceptance {
    }

    public enum Reason {
        /** No such code (or not even the shape of one): the same answer whatever the input, so nothing is learnt. */
        UNKNOWN,
        /** Accepted before. */
        USED,
        /** A newer code was issued for the same user. */
        REPLACED,
        EXPIRED
    }

    private final DataSource dataSource;
    private final UserCodeStore store;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Duration invitationTtl;
    private final Duration passwordResetTtl;
    private final Clock clock;

    public UserCodes(DataSource dataSource, UserCodeStore store, UserStore users, PasswordHasher hasher, AuditLog audit,
                     Duration invitationTtl, Duration passwordResetTtl, Clock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.invitationTtl = invitationTtl;
        this.passwordResetTtl = passwordResetTtl;
        this.clock = clock;
    }

    /** Issues a code of {@code kind} for {@code userId} on the caller's connection, voiding the user's unused ones. */
    public Issued issue(Connection c, String userId, UserCodeKind kind, String createdBy) throws SQLException {
        Instant now = clock.instant();
        store.voidUnused(c, userId, now);
        String code = SecretTokens.generate(kind.prefix());
        Instant expiresAt = now.plus(kind == UserCodeKind.INVITATION ? invitationTtl : passwordResetTtl);
        store.insert(c, UUID.randomUUID().toString(), userId, kind, SecretTokens.sha256(code), createdBy, now, expiresAt);
        return new Issued(userId, kind, code, expiresAt);
    }

    /**
     * Sets {@code password} (already checked against the password rules) on the account {@code code} was issued for
     * and spends the code; clears {@code must_change_password}. Audited either way.
     */
    public Acceptance accept(String code, String password, Caller caller) throws SQLException {
        Optional<UserCodeStore.Row> found = CODE.matcher(code).matches()
                ? store.findByHash(SecretTokens.sha256(code)) : Optional.empty();
        if (found.isEmpty()) {
            audit.record(caller.entry(null, "user.code.accept", "unknown-code", AuditEntry.Outcome.FAILURE));
            return new Refused(Reason.UNKNOWN);
        }
        UserCodeStore.Row row = found.get();
        Optional<User> user = users.findById(row.userId());
        Instant now = clock.instant();
        Optional<Reason> refusal = refusal(row, now);
        if (user.isEmpty() || user.get().isExternal()) {
            refusal = Optional.of(Reason.UNKNOWN);
        }
        if (refusal.isPresent()) {
            return refused(row, user, refusal.get(), caller);
        }
        String hash = hasher.hash(password.toCharArray()); // outside the transaction: it takes a while
        User u = user.get();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!store.spend(c, row.id(), clock.instant())) {
                    c.rollback();
                    // another acceptance won the race, a newer code replaced this one, or it expired meanwhile
                    UserCodeStore.Row now2 = store.findByHash(SecretTokens.sha256(code)).orElse(row);
                    return refused(row, user, refusal(now2, clock.instant()).orElse(Reason.USED), caller);
                }
                store.setPassword(c, u.id(), hash);
                audit.record(c, caller.entry(u.tenantId(), row.kind().acceptAction(), u.id(), AuditEntry.Outcome.SUCCESS));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Accepted(new User(u.id(), u.tenantId(), u.username(), u.email(), hash, u.roles(), false, u.createdAt()),
                row.kind());
    }

    private Refused refused(UserCodeStore.Row row, Optional<User> user, Reason reason, Caller caller) {
        audit.record(caller.entry(user.map(User::tenantId).orElse(null), row.kind().acceptAction(),
                user.map(User::id).orElse("unknown-user"), AuditEntry.Outcome.FAILURE));
        return new Refused(reason);
    }

    private static Optional<Reason> refusal(UserCodeStore.Row row, Instant now) {
        if (row.usedAt().isPresent()) {
            return Optional.of(Reason.USED);
        }
        if (row.voidedAt().isPresent()) {
            return Optional.of(Reason.REPLACED);
        }
        if (!row.expiresAt().isAfter(now)) {
            return Optional.of(Reason.EXPIRED);
        }
        return Optional.empty();
    }
}
