package dev.familiar.server.users.invitations;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.users.LoginThrottle;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Self-service password change of a logged-in user. A wrong current password counts as a failed login of the
 * account (the same {@link LoginThrottle}), so a stolen token cannot be used to guess the password faster than the
 * login route allows. The change clears {@code must_change_password} and voids the user's unused reset codes.
 */
public final class PasswordChanges {
    public sealed interface Outcome permits Changed, WrongCurrent, SameAsCurrent, Throttled, ChangedMeanwhile, NoSuchUser {
    }

    /** {@code user} is the account as it is now. */
    public record Changed(User user) implements Outcome {
    }

    public record WrongCurrent() implements Outcome {
    }

    public record SameAsCurrent() implements Outcome {
    }

    public record Throttled(Duration retryAfter) implements Outcome {
    }

    /** A reset or another change landed between checking and writing: nothing was changed. */
    public record ChangedMeanwhile() implements Outcome {
    }

    /** The caller's account is gone (deleted after the token was issued). */
    public record NoSuchUser() implements Outcome {
    }

    private final DataSource dataSource;
    private final UserStore users;
    private final UserCodeStore codes;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    public PasswordChanges(DataSource dataSource, UserStore users, UserCodeStore codes, PasswordHasher hasher,
                           LoginThrottle throttle, AuditLog audit, Clock clock) {
        this.dataSource = dataSource;
        this.users = users;
        this.codes = codes;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /** Changes the password of {@code userId}; {@code next} already meets the password rules. */
    public Outcome change(String userId, String current, String next, Caller caller) throws SQLException {
        Optional<User> found = users.findById(userId);
        if (found.isEmpty()) {
            return new NoSuchUser();
        }
        User user = found.get();
        // the same keys as the login route, so failures here and there add up
        String accountKey = "account:" + user.username().toLowerCase(Locale.ROOT);
        String addressKey = "address:" + caller.clientAddress();
        Optional<Duration> wait = throttle.waitFor(accountKey, addressKey);
        if (wait.isPresent()) {
            audit.record(caller.entry(user.tenantId(), "user.password.change", user.id(), AuditEntry.Outcome.DENIED));
            return new Throttled(wait.get());
        }
        if (!hasher.verify(current.toCharArray(), user.passwordHash())) {
            throttle.failed(accountKey, addressKey);
            audit.record(caller.entry(user.tenantId(), "user.password.change", user.id(), AuditEntry.Outcome.FAILURE));
            return new WrongCurrent();
        }
        throttle.succeeded(accountKey);
        if (current.equals(next)) {
            return new SameAsCurrent();
        }
        String hash = hasher.hash(next.toCharArray());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!codes.replacePassword(c, user.id(), user.passwordHash(), hash)) {
                    c.rollback();
                    return new ChangedMeanwhile();
                }
                codes.voidUnused(c, user.id(), clock.instant());
                audit.record(c, caller.entry(user.tenantId(), "user.password.change", user.id(), AuditEntry.Outcome.SUCCESS));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Changed(new User(user.id(), user.tenantId(), user.username(), user.email(), hash, user.roles(), false,
                user.createdAt()));
    }
}
