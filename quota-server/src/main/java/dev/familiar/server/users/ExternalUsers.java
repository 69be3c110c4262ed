package dev.familiar.server.users;

import dev.familiar.server.auth.Role;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The users a tenant's service key acts for. Upstream treats {@code userId} as an opaque UUID: a platform's backend
 * names its own end users, and the first use of an unknown id creates it as an <em>external</em> user of the
 * service's tenant (role USER, no password, so no login). An id that belongs to another tenant is never served.
 * Thread-safe.
 */
public final class ExternalUsers {
    /** Where {@code userId} stands for the service of one tenant. */
    public sealed interface Resolution permits Member, OtherTenant, Unknown {
    }

    /** A user of the service's tenant; {@code created} when this call created it. */
    public record Member(User user, boolean created) implements Resolution {
    }

    /** The id belongs to a user of another tenant. */
    public record OtherTenant() implements Resolution {
    }

    /** No such user, and none was created. */
    public record Unknown() implements Resolution {
    }

    private static final String USERNAME_PREFIX = "external:";

    private final UserStore users;
    private final Clock clock;

    public ExternalUsers(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /**
     * Resolves {@code userId} for the service of {@code tenantId}, creating an external user when it is unknown and
     * {@code create} is set. Concurrent first uses of one id create it once (the primary key decides); the losers
     * read the winner's row.
     */
    public Resolution resolve(String tenantId, String userId, boolean create) throws SQLException {
        Optional<User> existing = users.findById(userId);
        if (existing.isEmpty() && create) {
            // ':' cannot occur in a registered username, so no one can take an external user's name first
            User user = new User(userId, tenantId, USERNAME_PREFIX + userId, Optional.empty(), User.NO_PASSWORD,
                    EnumSet.of(Role.USER), false, clock.instant());
            try {
                users.create(user);
                return new Member(user, true);
            } catch (UserStore.AlreadyTaken e) {
                existing = users.findById(userId);
            }
        }
        if (existing.isEmpty()) {
            return new Unknown();
        }
        return existing.get().tenantId().equals(tenantId) ? new Member(existing.get(), false) : new OtherTenant();
    }
}
