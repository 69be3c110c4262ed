package dev.familiar.server.llm.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.db.Database;
import dev.familiar.server.llm.quota.TierStore;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.testing.MutableClock;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token settings' tables on real storage (H2, and PostgreSQL through the storage run): seeded once from the
 * environment (also when two servers start at once), the version moving by one per write and not at all for a write
 * rolled back, a tier's new maximum moving its users' quota totals, and {@link LiveTokenSettings} applying a write
 * through itself at once and one through another server exactly when its clock passes the refresh bound.
 */
@Tag("storage")
class TokenSettingsStoreTest {
    static final Instant NOW = Instant.parse("2030-03-01T10:00:00Z");
    static final Duration REFRESH = Duration.ofSeconds(5);

    @TempDir
    Path tempDir;
    Database database;
    DataSource ds;
    TokenSettingsStore store;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
        ds = database.dataSource();
        store = new TokenSettingsStore(ds);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static LlmTokenSettings env() {
        Map<String, LlmTokenSettings.Tier> tiers = new LinkedHashMap<>(LlmTokenSettings.defaults().tiers());
        tiers.put("DIAMOND", new LlmTokenSettings.Tier("DIAMOND", 5, 50_000_000, 3, 2.5));
        LlmTokenSettings d = LlmTokenSettings.defaults();
        return new LlmTokenSettings(tiers, "SILVER", d.quotaWindow(), d.bucketCapacity(), d.leakPerSecond(),
                Map.of("tenant-acme", new LlmTokenSettings.TenantLimit(500, Duration.ofSeconds(60))), d.providers(),
                d.upgradeUrl(), d.sagaTimeout(), d.retention(), d.currency());
    }

    @Test
    void theEnvironmentSeedsTheTablesOnceAndIsIgnoredAfterwards() throws Exception {
        assertThat(store.seedIfEmpty(env(), NOW)).isTrue();
        assertThat(store.seedIfEmpty(LlmTokenSettings.defaults(), NOW)).isFalse();

        TokenSettingsStore.Stored stored = store.load();

        assertThat(stored.defaultTier()).isEqualTo("SILVER");
        assertThat(stored.tiers()).containsEntry("DIAMOND", new LlmTokenSettings.Tier("DIAMOND", 5, 50_000_000, 3, 2.5))
                .containsEntry("FREE", new LlmTokenSettings.Tier("FREE", 0, 100, 0.5, 0.5)).hasSize(6);
        assertThat(stored.tenantLimits()).containsExactly(Map.entry("tenant-acme",
                new LlmTokenSettings.TenantLimit(500, Duration.ofSeconds(60))));
        assertThat(stored.version()).isEqualTo(1);
        assertThat(store.limits()).singleElement().satisfies(l -> {
            assertThat(l.updatedBy()).isEqualTo(TokenSettingsStore.SEEDED_BY);
            assertThat(l.tenantName()).isNull(); // the environment named a tenant that does not exist (yet)
        });
    }

    @Test
    void twoServersStartingAtOnceSeedExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> seeded = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seeded.add(pool.submit(() -> {
                go.await();
                return store.seedIfEmpty(env(), NOW);
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : seeded) {
            winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
        assertThat(store.load().tiers()).hasSize(6);
        assertThat(store.version()).isEqualTo(1);
    }

    @Test
    void everyWriteMovesTheVersionByOneAndARolledBackWriteNotAtAll() throws Exception {
        store.seedIfEmpty(env(), NOW);
        long before = store.version();

        store.write("admin", NOW, c -> {
            store.upsertLimit(c, "tenant-globex", 1000, 60, "admin", NOW);
            return Optional.of(true);
        });
        Optional<Boolean> refused = store.write("admin", NOW, c -> {
            store.deleteLimit(c, "tenant-globex");
            return Optional.empty();
        });

        assertThat(refused).isEmpty();
        assertThat(store.version()).isEqualTo(before + 1);
        assertThat(store.load().tenantLimits()).containsKeys("tenant-acme", "tenant-globex");
    }

    @Test
    void writersAtTheSameMomentAreSerialisedAndNoneIsLost() throws Exception {
        store.seedIfEmpty(env(), NOW);
        long before = store.version();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Boolean>>> done = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String tenant = "tenant-race-" + i;
            long capacity = 100 + i;
            done.add(pool.submit(() -> {
                go.await();
                return store.write("admin", NOW, c -> {
                    store.upsertLimit(c, tenant, capacity, 60, "admin", NOW);
                    return Optional.of(true);
                });
            }));
        }
        go.countDown();
        for (Future<Optional<Boolean>> f : done) {
            assertThat(f.get(60, TimeUnit.SECONDS)).contains(true);
        }
        pool.shutdown();

        assertThat(store.version()).isEqualTo(before + writers);
        Map<String, LlmTokenSettings.TenantLimit> limits = store.load().tenantLimits();
        for (int i = 0; i < writers; i++) {
            assertThat(limits).containsEntry("tenant-race-" + i,
                    new LlmTokenSettings.TenantLimit(100 + i, Duration.ofSeconds(60)));
        }
    }

    @Test
    void aTiersNewMaximumMovesItsUsersQuotasAndCapsTheirCustomAllowances() throws Exception {
        store.seedIfEmpty(LlmTokenSettings.defaults(), NOW);
        LiveTokenSettings live = LiveTokenSettings.open(store, LlmTokenSettings.defaults(), REFRESH,
                new MutableClock(NOW));
        TierStore tiers = new TierStore(ds, live, new MutableClock(NOW));
        String plain = user();
        String custom = user();
        String high = user();
        String silver = user();
        String untiered = user();
        tiers.set(plain, "GOLD", Optional.empty(), NOW);
        tiers.set(custom, "GOLD", Optional.of(700L), NOW);
        tiers.set(high, "GOLD", Optional.of(90_000L), NOW);
        tiers.set(silver, "SILVER", Optional.empty(), NOW);
        for (String u : List.of(plain, custom, high, silver, untiered)) {
            quota(u, u.equals(untiered) ? 1000 : tiers.of(u).allowance(), 800);
        }

        int moved;
        try (Connection c = ds.getConnection()) {
            assertThat(store.userQuotasOn(c, "GOLD", false, NOW)).extracting(TokenSettingsStore.UserQuotaRow::usedTokens)
                    .containsOnly(800L).hasSize(3);
            moved = store.moveUserQuotas(c, "GOLD", false, 5_000, NOW);
            store.moveUserQuotas(c, null, true, 2_000, NOW);
        }

        assertThat(moved).isEqualTo(3);
        assertThat(total(plain)).isEqualTo(5_000);
        assertThat(total(custom)).isEqualTo(700); // below the new maximum: kept
        assertThat(total(high)).isEqualTo(5_000); // above it: capped
        assertThat(total(silver)).isEqualTo(10_000); // another tier: untouched
        assertThat(total(untiered)).isEqualTo(2_000); // no tier row: the default's
    }

    @Test
    void aWriteHereAppliesAtOnceAndOneElsewhereWhenTheClockPassesTheRefreshBound() throws Exception {
        MutableClock hereClock = new MutableClock(NOW);
        MutableClock thereClock = new MutableClock(NOW);
        LiveTokenSettings here = LiveTokenSettings.open(store, env(), REFRESH, hereClock);
        LiveTokenSettings there = LiveTokenSettings.open(store, env(), REFRESH, thereClock);
        TokenSettingsAdministration admin = new TokenSettingsAdministration(store, here, TokenSettingsConfig.defaults(),
                hereClock);
        String tenant = tenant();
        assertThat(there.tenantLimit(tenant)).isEmpty();
        thereClock.advance(Duration.ofSeconds(3)); // `there` checked at NOW; the write comes 3 s later

        admin.putLimit(new TokenSettingsAdministration.Caller("root", true, null), tenant, 4000, 40, false);

        assertThat(here.tenantLimit(tenant)).contains(new LlmTokenSettings.TenantLimit(4000, Duration.ofSeconds(40)));
        assertThat(there.tenantLimit(tenant)).isEmpty();
        thereClock.advance(Duration.ofMillis(1999));
        assertThat(there.tenantLimit(tenant)).as("4.999 s after the last check").isEmpty();
        thereClock.advance(Duration.ofMillis(1));
        assertThat(there.tenantLimit(tenant)).as("5 s after the last check")
                .contains(new LlmTokenSettings.TenantLimit(4000, Duration.ofSeconds(40)));
        assertThat(there.version()).isEqualTo(here.version());
    }

    private String tenant() throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, "T " + id);
            ps.setTimestamp(3, Timestamp.from(NOW));
            ps.executeUpdate();
        }
        return id;
    }

    private String user() throws Exception {
        String id = UUID.randomUUID().toString();
        new UserStore(ds).create(new User(id, tenant(), "u" + id.substring(0, 8), Optional.empty(),
                new PasswordHasher(1_000).hash("a-long-password-1".toCharArray()), EnumSet.of(Role.USER), false, NOW));
        return id;
    }

    private void quota(String userId, long total, long used) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO token_quota (owner_kind, owner_id, provider, "
                     + "total_tokens, used_tokens, window_seconds, window_start, updated_at) VALUES ('USER', ?, 'openai', "
                     + "?, ?, 86400, ?, ?)")) {
            ps.setString(1, userId);
            ps.setLong(2, total);
            ps.setLong(3, used);
            ps.setTimestamp(4, Timestamp.from(NOW));
            ps.setTimestamp(5, Timestamp.from(NOW));
            ps.executeUpdate();
        }
    }

    private long total(String userId) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT total_tokens FROM token_quota WHERE owner_kind = 'USER' "
                     + "AND owner_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
