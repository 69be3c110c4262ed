package dev.familiar.admin.limits;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.tokens.ImpactLine;
import dev.familiar.model.tokens.OrgQuota;
import dev.familiar.model.tokens.OrgQuotaPage;
import dev.familiar.model.tokens.SettingsImpact;
import dev.familiar.model.tokens.TenantLimit;
import dev.familiar.model.tokens.TenantLimitBounds;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.model.tokens.TenantLimits;
import dev.familiar.model.tokens.TierSetRequest;
import dev.familiar.model.tokens.TierSetting;
import dev.familiar.model.tokens.TierSettings;
import dev.familiar.model.tokens.TierUpdateRequest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link LimitsApi}: tiers by priority, tenants' own limits, organisation quotas paged by a cursor (the
 * index of the next row). A preview answers one line per changed value and counts a quota as exhausted when its new
 * total is at or below what is used. A failure queued with {@link #failNext} is thrown by the next call instead of
 * answering. Records each call as a line ("putTenantLimit acme 2000/60").
 */
final class FakeLimitsApi implements LimitsApi {
    static final TenantLimitBounds BOUNDS = new TenantLimitBounds(1000, 60, 5000, 50.0, 10, 3600);

    private String defaultTier = "FREE";
    private final Map<String, TierSetting> tiers = new LinkedHashMap<>();
    private final Map<String, TenantLimit> tenants = new LinkedHashMap<>();
    private final List<OrgQuota> quotas = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();
    private int refreshSeconds = 15;
    private long usersPerTenant = 40;

    FakeLimitsApi() {
        tier("FREE", 0, 10_000, 1, 1, 12);
        tier("GOLD", 3, 500_000, 2, 1.5, 3);
    }

    void tier(String name, int priority, long quota, double capacity, double leak, long users) {
        tiers.put(name, new TierSetting(name, priority, quota, capacity, leak, users));
    }

    void tenant(String id, String name, long capacity, long windowSeconds, boolean custom) {
        tenants.put(id, new TenantLimit(id, name, capacity, windowSeconds, (double) capacity / windowSeconds, custom,
                custom ? "admin@example.com" : null, custom ? Instant.parse("2026-11-29T10:00:00Z") : null));
    }

    void quota(String orgId, String orgName, String provider, long total, long used) {
        quotas.add(new OrgQuota(orgId, orgName, provider, total, used, 86_400, Instant.parse("2026-11-29T00:00:00Z")));
    }

    void failNext(RuntimeException failure) {
        failures.add(failure);
    }

    static ApiError refused(Map<String, String> fields) {
        return ApiError.validation(fields);
    }

    static ApiError forbidden() {
        return ApiError.of(ErrorCode.FORBIDDEN, "A TENANT_ADMIN changes only their own tenant's limit");
    }

    static ApiError conflict() {
        return ApiError.of(ErrorCode.CONFLICT, "The tier changed meanwhile");
    }

    static ApiError broken() {
        return new ApiError(ErrorCode.INTERNAL_ERROR, "Internal error", 500).withRequestId("req-500");
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    TenantLimit tenantLimit(String id) {
        return tenants.get(id);
    }

    TierSetting tierNamed(String name) {
        return tiers.get(name);
    }

    String defaultTier() {
        return defaultTier;
    }

    OrgQuota quotaOf(String orgId, String provider) {
        return quotas.stream().filter(q -> q.orgId().equals(orgId) && q.provider().equals(provider)).findFirst()
                .orElseThrow();
    }

    private synchronized void call(String line) {
        calls.add(line);
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public TierSettings tiers() {
        call("tiers");
        return new TierSettings(defaultTier, tiers.values().stream()
                .sorted(Comparator.comparingInt(TierSetting::priority)).toList(), refreshSeconds);
    }

    @Override
    public SettingsImpact previewTier(String name, TierUpdateRequest request) {
        call("previewTier " + name + " " + request.quotaMaxTokens());
        TierSetting before = tiers.get(name);
        long users = before == null || before.users() == null ? 0 : before.users();
        return new SettingsImpact(users, 0, 0, List.of(new ImpactLine("tier " + name + ": " + users + " users",
                "quota per window", before == null ? "" : Long.toString(before.quotaMaxTokens()),
                Long.toString(request.quotaMaxTokens()))));
    }

    @Override
    public TierSetting putTier(String name, TierUpdateRequest request) {
        call("putTier " + name + " " + request.priority() + " " + request.quotaMaxTokens() + " "
                + request.capacityMultiplier() + " " + request.leakMultiplier());
        TierSetting before = tiers.get(name);
        TierSetting saved = new TierSetting(name, request.priority(), request.quotaMaxTokens(),
                request.capacityMultiplier(), request.leakMultiplier(), before == null ? 0L : before.users());
        tiers.put(name, saved);
        return saved;
    }

    @Override
    public SettingsImpact previewTiers(TierSetRequest request) {
        call("previewTiers " + request.defaultTier());
        return new SettingsImpact(0, 0, 0, List.of(new ImpactLine("users without a tier", "default tier",
                defaultTier, request.defaultTier())));
    }

    @Override
    public TierSettings putTiers(TierSetRequest request) {
        call("putTiers " + request.defaultTier() + " " + request.tiers().size());
        defaultTier = request.defaultTier();
        return tiers();
    }

    @Override
    public TenantLimits tenantLimits() {
        call("tenantLimits");
        return new TenantLimits(List.copyOf(tenants.values()), BOUNDS, refreshSeconds);
    }

    @Override
    public SettingsImpact previewTenantLimit(String tenantId, TenantLimitRequest request) {
        call("previewTenantLimit " + tenantId + " " + request.capacity() + "/" + request.windowSeconds());
        TenantLimit before = tenants.get(tenantId);
        String who = "tenant " + (before == null ? tenantId : before.tenantName()) + ": " + usersPerTenant + " users";
        return new SettingsImpact(usersPerTenant, 1, 0, List.of(
                new ImpactLine(who, "bucket capacity", before == null ? "1000" : Long.toString(before.capacity()),
                        Long.toString(request.capacity())),
                new ImpactLine(who, "window seconds", before == null ? "60" : Long.toString(before.windowSeconds()),
                        Long.toString(request.windowSeconds()))));
    }

    @Override
    public TenantLimit putTenantLimit(String tenantId, TenantLimitRequest request) {
        call("putTenantLimit " + tenantId + " " + request.capacity() + "/" + request.windowSeconds());
        TenantLimit before = tenants.get(tenantId);
        TenantLimit saved = new TenantLimit(tenantId, before == null ? tenantId : before.tenantName(),
                request.capacity(), request.windowSeconds(), (double) request.capacity() / request.windowSeconds(),
                true, "admin@example.com", Instant.parse("2026-11-29T12:00:00Z"));
        tenants.put(tenantId, saved);
        return saved;
    }

    @Override
    public TenantLimit removeTenantLimit(String tenantId) {
        call("removeTenantLimit " + tenantId);
        TenantLimit before = tenants.remove(tenantId);
        return new TenantLimit(tenantId, before == null ? tenantId : before.tenantName(), BOUNDS.defaultCapacity(),
                BOUNDS.defaultWindowSeconds(), (double) BOUNDS.defaultCapacity() / BOUNDS.defaultWindowSeconds(),
                false, null, null);
    }

    @Override
    public OrgQuotaPage orgQuotas(String provider, String cursor, int limit) {
        call("orgQuotas " + provider + " " + cursor + " " + limit);
        List<OrgQuota> matching = quotas.stream().filter(q -> provider == null || q.provider().equals(provider))
                .toList();
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(matching.size(), from + limit);
        return new OrgQuotaPage(matching.subList(from, to), to < matching.size() ? Integer.toString(to) : null);
    }

    @Override
    public SettingsImpact previewOrgQuota(String orgId, String provider, long totalTokens) {
        call("previewOrgQuota " + orgId + " " + provider + " " + totalTokens);
        OrgQuota before = quotaOf(orgId, provider);
        boolean exhausted = totalTokens <= before.usedTokens();
        return new SettingsImpact(5, 1, exhausted ? 1 : 0, List.of(new ImpactLine(
                "organisation " + before.orgName() + ": 5 users", "tokens per window",
                Long.toString(before.totalTokens()), totalTokens + (exhausted ? " (exhausted)" : ""))));
    }

    @Override
    public OrgQuota putOrgQuota(String orgId, String provider, long totalTokens) {
        call("putOrgQuota " + orgId + " " + provider + " " + totalTokens);
        OrgQuota before = quotaOf(orgId, provider);
        OrgQuota saved = new OrgQuota(orgId, before.orgName(), provider, totalTokens, before.usedTokens(),
                before.windowSeconds(), before.windowStart());
        quotas.set(quotas.indexOf(before), saved);
        return saved;
    }
}
