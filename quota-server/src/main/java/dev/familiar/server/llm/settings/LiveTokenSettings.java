package dev.familiar.server.llm.settings;

import dev.familiar.server.config.LlmTokenSettings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token settings every reader uses (tiers, the default tier, tenants' own buckets, the platform's default
 * bucket), held in memory and kept current: a write through this server applies at once ({@link #reload()}); a write
 * through another server sharing the database applies here within {@code refresh}
 * ({@code FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS}): the first read after the last check grew older than that reads
 * the version row (one indexed row) and, when it moved, the settings. No query otherwise, so the consume path costs a
 * clock read and a volatile read. Time comes from the injected clock. While the database does not answer, the
 * settings held stay in force (a warning is logged) and the next check is one {@code refresh} later. Thread-safe.
 */
public final class LiveTokenSettings {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTokenSettings.class);

    /** Settings of one version, checked against the database at {@code checkedAt}. */
    private record Held(TokenSettingsStore.Stored stored, Instant checkedAt) {
    }

    private final TokenSettingsStore store;
    private final long bucketCapacity;
    private final double leakPerSecond;
    private final Duration refresh;
    private final Clock clock;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Held held;

    private LiveTokenSettings(TokenSettingsStore store, LlmTokenSettings env, Duration refresh, Clock clock,
                              TokenSettingsStore.Stored first) {
        this.store = store;
        this.bucketCapacity = env.bucketCapacity();
        this.leakPerSecond = env.leakPerSecond();
        this.refresh = refresh;
        this.clock = clock;
        this.held = new Held(first, clock.instant());
    }

    /**
     * Seeds the tables from {@code env} when they were never written (first start on this database), then reads
     * them. {@code env}'s default bucket ({@code FAMILIAR_RATE_LIMIT_CAPACITY}, {@code _LEAK_PER_SECOND}) is not
     * stored: it stays the environment's.
     */
    public static LiveTokenSettings open(TokenSettingsStore store, LlmTokenSettings env, Duration refresh, Clock clock)
            throws SQLException {
        if (store.seedIfEmpty(env, clock.instant())) {
            LOG.info("Token settings seeded from the environment (tiers {}, default tier {}, {} tenant limits); from now "
                    + "on they are edited through /api/admin/tokens/* and the variables are not read again",
                    env.tiers().keySet(), env.defaultTier(), env.tenantLimits().size());
        }
        return new LiveTokenSettings(store, env, refresh, clock, store.load());
    }

    public Duration refresh() {
        return refresh;
    }

    /** The version of the settings in force here. */
    public long version() {
        return current().version();
    }

    /** Every tier by priority then name. */
    public Map<String, LlmTokenSettings.Tier> tiers() {
        return current().tiers();
    }

    public Optional<LlmTokenSettings.Tier> tier(String name) {
        return Optional.ofNullable(name == null ? null : current().tiers().get(name));
    }

    /** The tier of users nobody has set one for. */
    public LlmTokenSettings.Tier defaultTier() {
        TokenSettingsStore.Stored s = current();
        return s.tiers().get(s.defaultTier());
    }

    /** The tenant's own bucket, when it has one. */
    public Optional<LlmTokenSettings.TenantLimit> tenantLimit(String tenantId) {
        return Optional.ofNullable(tenantId == null ? null : current().tenantLimits().get(tenantId));
    }

    /** The platform's bucket for tenants without their own (the environment's). */
    public long bucketCapacity() {
        return bucketCapacity;
    }

    public double leakPerSecond() {
        return leakPerSecond;
    }

    /** Reads the settings again now (after a write through this server). */
    public void reload() throws SQLException {
        install(store.load(), clock.instant());
    }

    private TokenSettingsStore.Stored current() {
        Held h = held;
        Instant now = clock.instant();
        if (now.isBefore(h.checkedAt().plus(refresh)) || !checking.compareAndSet(false, true)) {
            return h.stored(); // fresh, or another thread is checking: the settings held are good meanwhile
        }
        try {
            h = held;
            if (now.isBefore(h.checkedAt().plus(refresh))) {
                return h.stored();
            }
            long version = store.version();
            if (version == h.stored().version()) {
                touch(h.stored(), now);
            } else {
                install(store.load(), now);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Token settings not re-read (the settings held stay in force): {}", e.getMessage());
            touch(h.stored(), now);
        } finally {
            checking.set(false);
        }
        return held.stored();
    }

    /** Marks {@code seen} as checked at {@code now}, unless other settings were installed meanwhile. */
    private synchronized void touch(TokenSettingsStore.Stored seen, Instant now) {
        if (held.stored() == seen) {
            held = new Held(seen, now);
        }
    }

    /** Installs {@code stored} unless settings of a later version are already held (a slower read lost the race). */
    private synchronized void install(TokenSettingsStore.Stored stored, Instant now) {
        Held h = held;
        if (stored.version() >= h.stored().version()) {
            held = new Held(stored, now);
        }
    }
}
