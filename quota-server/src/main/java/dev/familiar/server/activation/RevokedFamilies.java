package dev.familiar.server.activation;

import dev.familiar.server.auth.FamilyRevocations;
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
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token families revoked recently enough that access tokens of theirs may still be unexpired, held in memory and
 * re-read from {@code token_family} at most {@link #REFRESH_EVERY} apart. A revocation on this server counts at once;
 * one on another server sharing the database counts here within {@link #REFRESH_EVERY} (plus one read). The read
 * happens on the request that finds the set stale (only requests with a client plugin's token ask), by one thread at
 * a time; the others answer from the set they have. When the database does not answer, the last set stays in force
 * and the read is tried again {@link #REFRESH_EVERY} later. Thread-safe.
 */
public final class RevokedFamilies implements FamilyRevocations {
    private static final Logger LOG = LoggerFactory.getLogger(RevokedFamilies.class);
    /** The bound within which a revocation made on another server is seen here. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    /** Servers' clocks differ: a revocation is kept this much longer than its family's tokens can live. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;
    /** A family revoked longer ago than this has no unexpired access token left. */
    private final Duration lookback;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Set<String> fromDatabase = Set.of();
    /** Revoked here; kept (not merely until a read sees it) so that a read racing the commit cannot lose it. */
    private final Map<String, Instant> revokedHere = new ConcurrentHashMap<>();
    private volatile Instant nextRefresh = Instant.MIN;

    /** @param accessTokenLifetime how long the access tokens of a family are accepted after being issued */
    public RevokedFamilies(DataSource dataSource, Clock clock, Duration accessTokenLifetime) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.lookback = accessTokenLifetime.plus(CLOCK_MARGIN);
    }

    @Override
    public boolean isRevoked(String familyId) {
        if (revokedHere.containsKey(familyId)) {
            return true;
        }
        refreshIfStale();
        return fromDatabase.contains(familyId);
    }

    /** A revocation this server has just committed: refused here from now on, without waiting for the next read. */
    public void revoked(String familyId) {
        revokedHere.put(familyId, clock.instant());
    }

    private void refreshIfStale() {
        Instant now = clock.instant();
        if (now.isBefore(nextRefresh) || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            fromDatabase = read(now);
            revokedHere.values().removeIf(at -> isOld(at, now));
            nextRefresh = now.plus(REFRESH_EVERY);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Cannot read the revoked token families; the last known {} stay revoked, next try in {} s: {}",
                    fromDatabase.size(), REFRESH_EVERY.toSeconds(), e.toString());
            nextRefresh = now.plus(REFRESH_EVERY);
        } finally {
            refreshing.set(false);
        }
    }

    /** A local entry is no longer needed once its family's tokens have all expired. */
    private boolean isOld(Instant revokedAt, Instant now) {
        return revokedAt.plus(lookback).isBefore(now);
    }

    private Set<String> read(Instant now) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM token_family WHERE revoked_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(lookback)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return Set.copyOf(ids);
    }
}
