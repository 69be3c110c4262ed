package dev.familiar.server.users.admin;

import dev.familiar.server.auth.BlockedUsers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locked accounts, and those deleted recently enough that access tokens of theirs may still be unexpired, held in
 * memory and re-read from {@code app_user} at most {@link #REFRESH_EVERY} apart, as {@code RevokedFamilies} does for
 * token families. A lock, unlock or deletion made on this server counts here at once ({@link #changed}); one made on
 * another server sharing the database counts here within {@link #REFRESH_EVERY} (plus one read). The read happens on
 * the request that finds the set stale, by one thread at a time; the others answer from the set they have. While the
 * database does not answer, the last set read stays in force. Thread-safe.
 */
public final class LockedAccounts implements BlockedUsers {
    private static final Logger LOG = LoggerFactory.getLogger(LockedAccounts.class);
    /** The bound within which a lock, unlock or deletion made on another server is seen here. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    /** Servers' clocks differ: a deletion is kept this much longer than the user's tokens can live. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    /** A change made on this server, newer than the last read that started before it. */
    private record Change(boolean blocked, long sequence) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    /** A user deleted longer ago than this has no unexpired access token left (their API keys are revoked). */
    private final Duration deletedLookback;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Change> changedHere = new ConcurrentHashMap<>();
    private volatile Set<String> fromDatabase = Set.of();
    private volatile Instant nextRefresh = Instant.MIN;

    /** @param userTokenLifetime how long a user's access token is accepted after being issued */
    public LockedAccounts(DataSource dataSource, Clock clock, Duration userTokenLifetime) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.deletedLookback = userTokenLifetime.plus(CLOCK_MARGIN);
    }

    @Override
    public boolean isBlocked(String userId) {
        refreshIfStale();
        Change here = changedHere.get(userId);
        return here != null ? here.blocked() : fromDatabase.contains(userId);
    }

    /**
     * A lock ({@code blocked}), unlock or deletion this server has just committed: in force here from now on. It is
     * kept until a read that started after it has seen the database (so a read racing the commit cannot undo it).
     */
    public void changed(String userId, boolean blocked) {
        changedHere.put(userId, new Change(blocked, sequence.incrementAndGet()));
    }

    private void refreshIfStale() {
        Instant now = clock.instant();
        if (now.isBefore(nextRefresh) || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            long seen = sequence.get();
            fromDatabase = read(now);
            changedHere.values().removeIf(change -> change.sequence() <= seen);
            nextRefresh = now.plus(REFRESH_EVERY);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cannot read the locked accounts; the last known {} stay locked, next try in {} s: {}",
                    fromDatabase.size(), REFRESH_EVERY.toSeconds(), e.toString());
            nextRefresh = now.plus(REFRESH_EVERY);
        } finally {
            refreshing.set(false);
        }
    }

    private Set<String> read(Instant now) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM app_user WHERE "
                     + "(locked_at IS NOT NULL AND deleted_at IS NULL) OR deleted_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(deletedLookback)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return Set.copyOf(ids);
    }
}
