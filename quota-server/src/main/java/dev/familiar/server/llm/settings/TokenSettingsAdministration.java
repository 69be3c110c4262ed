package dev.familiar.server.llm.settings;

import dev.familiar.model.tokens.ImpactLine;
import dev.familiar.model.tokens.SettingsImpact;
import dev.familiar.model.tokens.TenantLimit;
import dev.familiar.model.tokens.TenantLimitBounds;
import dev.familiar.model.tokens.TenantLimits;
import dev.familiar.model.tokens.TierSetting;
import dev.familiar.model.tokens.TierSettings;
import dev.familiar.server.config.LlmTokenSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tiers and tenants' leaky-bucket limits as administrators change them (story 3.2). Arguments arrive checked for
 * shape (names, ranges); this class applies the rules that need the stored state: a tier users are on, or the
 * default, is not dropped; a TENANT_ADMIN changes only their own tenant's limit and only within the platform's
 * bounds; the tenant must exist. Every change can be previewed ({@link SettingsImpact}) without being made. A change
 * applies on this server at once ({@link LiveTokenSettings#reload()}) and on the others within the refresh bound.
 * A tier's new {@code quotaMaxTokens} moves its users' quota totals (custom allowances capped by it).
 */
public final class TokenSettingsAdministration {
    /** The window any tenant limit may have, in seconds (for everyone). */
    public static final long MIN_WINDOW_SECONDS = 1;
    public static final long MAX_WINDOW_SECONDS = 86_400;
    /** The largest capacity anyone (ADMIN included) may give a tenant. */
    public static final long MAX_CAPACITY = 100_000_000;

    /** Who asks: ADMIN for every tenant, otherwise a TENANT_ADMIN of {@code tenantId}. */
    public record Caller(String name, boolean admin, String tenantId) {
    }

    /** What a tier change did. */
    public sealed interface TierOutcome permits TiersSaved, TierSaved, Previewed, TierInUse {
    }

    public record TiersSaved(TierSettings settings, SettingsImpact impact) implements TierOutcome {
    }

    public record TierSaved(TierSetting tier, SettingsImpact impact) implements TierOutcome {
    }

    /** Nothing changed: what the change would do. */
    public record Previewed(SettingsImpact impact) implements TierOutcome, LimitOutcome {
    }

    /** Nothing changed: {@code tier} would be dropped while {@code users} are on it, or it is the default. */
    public record TierInUse(String tier, long users, boolean isDefault) implements TierOutcome {
    }

    /** What a tenant limit read or change did. */
    public sealed interface LimitOutcome permits LimitShown, Previewed, NoSuchTenant, OtherTenant, BeyondBounds {
    }

    /** The tenant's limit (after the change, for a write); {@code impact} of the change (null for a read). */
    public record LimitShown(TenantLimit limit, SettingsImpact impact) implements LimitOutcome {
    }

    public record NoSuchTenant() implements LimitOutcome {
    }

    /** A TENANT_ADMIN named another tenant. */
    public record OtherTenant() implements LimitOutcome {
    }

    /** A TENANT_ADMIN asked beyond the platform's bounds: one problem per field, naming the bound. */
    public record BeyondBounds(Map<String, String> fields) implements LimitOutcome {
    }

    private final TokenSettingsStore store;
    private final LiveTokenSettings live;
    private final TokenSettingsConfig config;
    private final Clock clock;

    public TokenSettingsAdministration(TokenSettingsStore store, LiveTokenSettings live, TokenSettingsConfig config,
                                       Clock clock) {
        this.store = store;
        this.live = live;
        this.config = config;
        this.clock = clock;
    }

    public int refreshSeconds() {
        return (int) live.refresh().toSeconds();
    }

    // --- tiers ---

    /** Every tier by priority with its users, the default tier, the refresh bound; read from the database. */
    public TierSettings tiers() throws SQLException {
        return store.read(c -> {
            String defaultTier = store.defaultTier(c);
            Map<String, Long> users = store.usersPerTier(c);
            long untiered = store.usersWithoutTier(c);
            List<TierSetting> items = new ArrayList<>();
            for (LlmTokenSettings.Tier t : store.tiers(c).values()) {
                items.add(setting(t, users.getOrDefault(t.name(), 0L) + (t.name().equals(defaultTier) ? untiered : 0)));
            }
            return new TierSettings(defaultTier, items, refreshSeconds());
        });
    }

    public Optional<TierSetting> tier(String name) throws SQLException {
        return tiers().tiers().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Replaces the whole set and the default tier ({@code tiers} already checked: distinct names, the default among
     * them). A tier left out that users are on, or the current default, refuses the whole replacement.
     */
    public TierOutcome replaceTiers(String defaultTier, List<LlmTokenSettings.Tier> tiers, boolean preview,
                                    String by) throws SQLException {
        Map<String, LlmTokenSettings.Tier> wanted = new LinkedHashMap<>();
        tiers.forEach(t -> wanted.put(t.name(), t));
        Instant now = clock.instant();
        if (preview) {
            return store.read(c -> {
                Optional<TierInUse> inUse = droppedInUse(c, wanted);
                if (inUse.isPresent()) {
                    return inUse.get();
                }
                return new Previewed(impact(c, defaultTier, wanted, true, now));
            });
        }
        java.util.concurrent.atomic.AtomicReference<TierInUse> refused = new java.util.concurrent.atomic.AtomicReference<>();
        Optional<SettingsImpact> done = store.write(by, now, c -> {
            Optional<TierInUse> inUse = droppedInUse(c, wanted);
            if (inUse.isPresent()) {
                refused.set(inUse.get());
                return Optional.empty(); // rolled back, version included
            }
            SettingsImpact impact = impact(c, defaultTier, wanted, true, now);
            Map<String, LlmTokenSettings.Tier> current = store.tiers(c);
            String currentDefault = store.defaultTier(c);
            for (LlmTokenSettings.Tier t : current.values()) {
                if (!wanted.containsKey(t.name())) {
                    store.deleteTier(c, t.name());
                }
            }
            for (LlmTokenSettings.Tier t : wanted.values()) {
                LlmTokenSettings.Tier old = current.get(t.name());
                if (old == null) {
                    store.insertTier(c, t, by, now);
                } else if (!old.equals(t)) {
                    store.updateTier(c, t, by, now);
                }
            }
            store.setDefaultTier(c, defaultTier);
            moveQuotas(c, current, currentDefault, wanted, defaultTier, now);
            return Optional.of(impact);
        });
        if (done.isEmpty()) {
            return refused.get();
        }
        live.reload();
        return new TiersSaved(tiers(), done.get());
    }

    /** Creates or changes one tier (already checked). */
    public TierOutcome putTier(LlmTokenSettings.Tier tier, boolean preview, String by) throws SQLException {
        Instant now = clock.instant();
        if (preview) {
            return store.read(c -> {
                Map<String, LlmTokenSettings.Tier> wanted = new LinkedHashMap<>(store.tiers(c));
                wanted.put(tier.name(), tier);
                return new Previewed(impact(c, store.defaultTier(c), wanted, false, now));
            });
        }
        SettingsImpact impact = store.write(by, now, c -> {
            Map<String, LlmTokenSettings.Tier> current = store.tiers(c);
            String currentDefault = store.defaultTier(c);
            Map<String, LlmTokenSettings.Tier> wanted = new LinkedHashMap<>(current);
            wanted.put(tier.name(), tier);
            SettingsImpact result = impact(c, currentDefault, wanted, false, now);
            if (current.containsKey(tier.name())) {
                store.updateTier(c, tier, by, now);
            } else {
                store.insertTier(c, tier, by, now);
            }
            moveQuotas(c, current, currentDefault, wanted, currentDefault, now);
            return Optional.of(result);
        }).orElseThrow();
        live.reload();
        return new TierSaved(tier(tier.name()).orElseThrow(), impact);
    }

    private Optional<TierInUse> droppedInUse(Connection c, Map<String, LlmTokenSettings.Tier> wanted)
            throws SQLException {
        String currentDefault = store.defaultTier(c);
        List<String> dropped = store.tiers(c).keySet().stream().filter(n -> !wanted.containsKey(n)).toList();
        Map<String, Long> users = store.usersOn(c, dropped);
        if (dropped.contains(currentDefault)) {
            return Optional.of(new TierInUse(currentDefault, users.getOrDefault(currentDefault, 0L)
                    + store.usersWithoutTier(c), true));
        }
        return users.entrySet().stream().findFirst().map(e -> new TierInUse(e.getKey(), e.getValue(), false));
    }

    /** Moves the quota totals of every user whose tier's maximum changes (the default's users without a row too). */
    private void moveQuotas(Connection c, Map<String, LlmTokenSettings.Tier> current, String currentDefault,
                            Map<String, LlmTokenSettings.Tier> wanted, String newDefault, Instant now)
            throws SQLException {
        for (LlmTokenSettings.Tier t : wanted.values()) {
            LlmTokenSettings.Tier old = current.get(t.name());
            if (old != null && old.quotaMaxTokens() != t.quotaMaxTokens()) {
                store.moveUserQuotas(c, t.name(), false, t.quotaMaxTokens(), now);
            }
        }
        long oldMax = current.get(currentDefault).quotaMaxTokens();
        long newMax = wanted.get(newDefault).quotaMaxTokens();
        if (oldMax != newMax) {
            store.moveUserQuotas(c, null, true, newMax, now);
        }
    }

    /**
     * What changing the tiers from the stored ones to {@code wanted} (and the default to {@code newDefault}) does:
     * one line per changed field, added or (with {@code replacing}) dropped tier; users on changed tiers; user quotas
     * whose new total falls below what their window has already used.
     */
    private SettingsImpact impact(Connection c, String newDefault, Map<String, LlmTokenSettings.Tier> wanted,
                                  boolean replacing, Instant now) throws SQLException {
        Map<String, LlmTokenSettings.Tier> current = store.tiers(c);
        String currentDefault = store.defaultTier(c);
        Map<String, Long> users = store.usersPerTier(c);
        long untiered = store.usersWithoutTier(c);
        List<ImpactLine> lines = new ArrayList<>();
        long usersAffected = 0;
        long exhausted = 0;
        for (LlmTokenSettings.Tier t : wanted.values()) {
            LlmTokenSettings.Tier old = current.get(t.name());
            long on = users.getOrDefault(t.name(), 0L);
            String who = "tier " + t.name() + ": " + on + " users";
            if (old == null) {
                lines.add(new ImpactLine("tier " + t.name() + ": new", "tier", "none", describe(t)));
                continue;
            }
            int before = lines.size();
            if (old.priority() != t.priority()) {
                lines.add(new ImpactLine(who, "priority", Integer.toString(old.priority()), Integer.toString(t.priority())));
            }
            if (old.quotaMaxTokens() != t.quotaMaxTokens()) {
                lines.add(new ImpactLine(who, "quota per window", old.quotaMaxTokens() + " tokens",
                        t.quotaMaxTokens() + " tokens"));
                exhausted += belowUsed(store.userQuotasOn(c, t.name(), false, now), t.quotaMaxTokens());
            }
            if (old.capacityMultiplier() != t.capacityMultiplier()) {
                lines.add(new ImpactLine(who, "bucket capacity multiplier", "×" + number(old.capacityMultiplier()),
                        "×" + number(t.capacityMultiplier())));
            }
            if (old.leakMultiplier() != t.leakMultiplier()) {
                lines.add(new ImpactLine(who, "leak rate multiplier", "×" + number(old.leakMultiplier()),
                        "×" + number(t.leakMultiplier())));
            }
            if (lines.size() > before) {
                usersAffected += on;
            }
        }
        if (replacing) {
            for (LlmTokenSettings.Tier old : current.values()) {
                if (!wanted.containsKey(old.name())) {
                    lines.add(new ImpactLine("tier " + old.name() + ": 0 users", "tier", describe(old), "removed"));
                }
            }
        }
        LlmTokenSettings.Tier oldDefault = current.get(currentDefault);
        LlmTokenSettings.Tier newDefaultTier = wanted.get(newDefault);
        boolean untieredMove = !Objects.equals(oldDefault, newDefaultTier);
        if (!currentDefault.equals(newDefault)) {
            lines.add(new ImpactLine("users without a tier: " + untiered + " users", "default tier", currentDefault,
                    newDefault));
        }
        if (untieredMove) {
            usersAffected += untiered;
            if (oldDefault.quotaMaxTokens() != newDefaultTier.quotaMaxTokens()) {
                exhausted += belowUsed(store.userQuotasOn(c, null, true, now), newDefaultTier.quotaMaxTokens());
            }
        }
        return new SettingsImpact(usersAffected, 0, exhausted, lines);
    }

    private static long belowUsed(List<TokenSettingsStore.UserQuotaRow> rows, long quotaMaxTokens) {
        return rows.stream().filter(r -> {
            long total = r.customTokens() != null ? Math.min(r.customTokens(), quotaMaxTokens) : quotaMaxTokens;
            return total < r.usedTokens();
        }).count();
    }

    private static TierSetting setting(LlmTokenSettings.Tier t, long users) {
        return new TierSetting(t.name(), t.priority(), t.quotaMaxTokens(), t.capacityMultiplier(), t.leakMultiplier(),
                users);
    }

    private static String describe(LlmTokenSettings.Tier t) {
        return "priority " + t.priority() + ", " + t.quotaMaxTokens() + " tokens per window, capacity ×"
                + number(t.capacityMultiplier()) + ", leak ×" + number(t.leakMultiplier());
    }

    static String number(double d) {
        return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    // --- tenants' limits ---

    /** The platform's defaults and bounds. */
    public TenantLimitBounds bounds() {
        return new TenantLimitBounds(live.bucketCapacity(), defaultWindowSeconds(), config.tenantMaxCapacity(),
                config.tenantMaxLeakPerSecond(), MIN_WINDOW_SECONDS, MAX_WINDOW_SECONDS);
    }

    private long defaultWindowSeconds() {
        return Math.max(1, Math.round(live.bucketCapacity() / live.leakPerSecond()));
    }

    /** ADMIN: every tenant's own limit; TENANT_ADMIN: their tenant's, its own or the defaults. */
    public TenantLimits limits(Caller caller) throws SQLException {
        List<TenantLimit> items = new ArrayList<>();
        if (caller.admin()) {
            for (TokenSettingsStore.LimitRow r : store.limits()) {
                items.add(view(r));
            }
        } else {
            LimitOutcome own = limit(caller, caller.tenantId());
            if (own instanceof LimitShown shown) {
                items.add(shown.limit());
            }
        }
        return new TenantLimits(items, bounds(), refreshSeconds());
    }

    /** The tenant's own limit, or the defaults it is on. */
    public LimitOutcome limit(Caller caller, String tenantId) throws SQLException {
        if (!caller.admin() && !tenantId.equals(caller.tenantId())) {
            return new OtherTenant();
        }
        Optional<TokenSettingsStore.LimitRow> own = store.limit(tenantId);
        if (own.isPresent()) {
            return new LimitShown(view(own.get()), null);
        }
        Optional<String> name = store.tenantName(tenantId);
        if (name.isEmpty()) {
            return new NoSuchTenant();
        }
        return new LimitShown(defaults(tenantId, name.get()), null);
    }

    /**
     * Sets (or previews) the tenant's own bucket; {@code capacity} and {@code windowSeconds} already checked against
     * the ranges that bind everyone. A TENANT_ADMIN is held to the platform's bounds besides.
     */
    public LimitOutcome putLimit(Caller caller, String tenantId, long capacity, long windowSeconds, boolean preview)
            throws SQLException {
        if (!caller.admin() && !tenantId.equals(caller.tenantId())) {
            return new OtherTenant();
        }
        if (!caller.admin()) {
            Map<String, String> fields = new LinkedHashMap<>();
            if (capacity > config.tenantMaxCapacity()) {
                fields.put("capacity", "must be at most " + config.tenantMaxCapacity() + " (the platform's bound for a "
                        + "tenant admin, " + TokenSettingsConfig.MAX_CAPACITY + ")");
            }
            double leak = capacity / (double) windowSeconds;
            if (leak > config.tenantMaxLeakPerSecond()) {
                fields.put("windowSeconds", "capacity / windowSeconds is " + number(leak) + " tokens/s; it must be at "
                        + "most " + number(config.tenantMaxLeakPerSecond()) + " (the platform's bound for a tenant admin, "
                        + TokenSettingsConfig.MAX_LEAK_PER_SECOND + "): use a window of at least "
                        + (long) Math.ceil(capacity / config.tenantMaxLeakPerSecond()) + " s");
            }
            if (!fields.isEmpty()) {
                return new BeyondBounds(fields);
            }
        }
        Optional<String> name = store.tenantName(tenantId);
        if (name.isEmpty()) {
            return new NoSuchTenant();
        }
        TenantLimit before = store.limit(tenantId).map(this::view).orElseGet(() -> defaults(tenantId, name.get()));
        SettingsImpact impact = limitImpact(before, name.get(), capacity, windowSeconds);
        if (preview) {
            return new Previewed(impact);
        }
        Instant now = clock.instant();
        store.write(caller.name(), now, c -> {
            store.upsertLimit(c, tenantId, capacity, windowSeconds, caller.name(), now);
            return Optional.of(true);
        });
        live.reload();
        return new LimitShown(view(store.limit(tenantId).orElseThrow()), impact);
    }

    /** Removes the tenant's own bucket: its users are back on the platform's. */
    public LimitOutcome removeLimit(Caller caller, String tenantId) throws SQLException {
        if (!caller.admin() && !tenantId.equals(caller.tenantId())) {
            return new OtherTenant();
        }
        Optional<TokenSettingsStore.LimitRow> own = store.limit(tenantId);
        Optional<String> name = store.tenantName(tenantId);
        if (own.isEmpty() && name.isEmpty()) {
            return new NoSuchTenant();
        }
        SettingsImpact impact = new SettingsImpact(0, 0, 0, List.of());
        if (own.isPresent()) {
            TenantLimit before = view(own.get());
            impact = limitImpact(before, name.orElse(tenantId), live.bucketCapacity(), defaultWindowSeconds());
            store.write(caller.name(), clock.instant(), c -> Optional.of(store.deleteLimit(c, tenantId)));
            live.reload();
        }
        return new LimitShown(defaults(tenantId, name.orElse(null)), impact);
    }

    private SettingsImpact limitImpact(TenantLimit before, String tenantName, long capacity, long windowSeconds)
            throws SQLException {
        long users = store.usersOfTenant(before.tenantId());
        String who = "tenant " + tenantName + ": " + users + " users";
        String suffix = before.custom() ? "" : " (platform default)";
        List<ImpactLine> lines = new ArrayList<>();
        if (before.capacity() != capacity) {
            lines.add(new ImpactLine(who, "bucket capacity", before.capacity() + " tokens" + suffix, capacity + " tokens"));
        }
        if (before.windowSeconds() != windowSeconds) {
            lines.add(new ImpactLine(who, "window", before.windowSeconds() + " s" + suffix, windowSeconds + " s"));
        }
        double leak = capacity / (double) windowSeconds;
        if (Math.abs(before.leakPerSecond() - leak) > 1e-9) {
            lines.add(new ImpactLine(who, "leak rate", number(before.leakPerSecond()) + " tokens/s" + suffix,
                    number(leak) + " tokens/s"));
        }
        return new SettingsImpact(lines.isEmpty() ? 0 : users, lines.isEmpty() ? 0 : 1, 0, lines);
    }

    private TenantLimit view(TokenSettingsStore.LimitRow r) {
        return new TenantLimit(r.tenantId(), r.tenantName(), r.capacity(), r.windowSeconds(),
                r.capacity() / (double) r.windowSeconds(), true, r.updatedBy(), r.updatedAt());
    }

    private TenantLimit defaults(String tenantId, String tenantName) {
        return new TenantLimit(tenantId, tenantName, live.bucketCapacity(), defaultWindowSeconds(), live.leakPerSecond(),
                false, null, null);
    }
}
