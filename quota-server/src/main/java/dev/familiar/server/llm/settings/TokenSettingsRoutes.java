package dev.familiar.server.llm.settings;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.tokens.OrgQuotaRequest;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.model.tokens.TierSetRequest;
import dev.familiar.model.tokens.TierSetting;
import dev.familiar.model.tokens.TierUpdateRequest;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Token settings at run time ({@code /api/admin/tokens/*}, envelope): tiers and organisation quotas (ADMIN), tenants'
 * leaky-bucket limits (ADMIN for every tenant, a TENANT_ADMIN for their own within the platform's bounds). Every PUT
 * with {@code ?preview=true} answers the change's {@code SettingsImpact} and changes nothing. Changes are audited
 * ({@code tokens.tiers.update}, {@code tokens.tenant-limit.update}, {@code tokens.tenant-limit.remove},
 * {@code tokens.org-quota.update}; a TENANT_ADMIN refused another tenant's limit or the bounds: DENIED).
 */
public final class TokenSettingsRoutes implements RouteModule {
    public static final String BASE = "/api/admin/tokens";
    public static final Pattern TIER_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,19}");
    /** Tenant ids are UUIDs; the environment may have named others (tenant-acme) before issue 16. */
    static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    public static final int MAX_TIERS = 50;
    public static final int MAX_PRIORITY = 1_000;
    public static final double MAX_MULTIPLIER = 100;

    private final JsonBodies bodies;
    private final TokenSettingsAdministration settings;
    private final OrgQuotas orgQuotas;
    private final Set<String> providers;
    private final AuditLog audit;

    public TokenSettingsRoutes(JsonBodies bodies, TokenSettingsAdministration settings, OrgQuotas orgQuotas,
                               Set<String> providers, AuditLog audit) {
        this.bodies = bodies;
        this.settings = settings;
        this.orgQuotas = orgQuotas;
        this.providers = Set.copyOf(providers);
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get(BASE + "/tiers", Access.ADMIN, ctx -> ApiResponses.ok(ctx, settings.tiers()));
        routes.put(BASE + "/tiers", Access.ADMIN, this::replaceTiers);
        routes.get(BASE + "/tiers/{name}", Access.ADMIN, this::tier);
        routes.put(BASE + "/tiers/{name}", Access.ADMIN, this::putTier);
        routes.get(BASE + "/tenant-limits", Access.TENANT_ADMIN, ctx -> ApiResponses.ok(ctx, settings.limits(caller(ctx))));
        routes.get(BASE + "/tenant-limits/{tenantId}", Access.TENANT_ADMIN, this::tenantLimit);
        routes.put(BASE + "/tenant-limits/{tenantId}", Access.TENANT_ADMIN, this::putTenantLimit);
        routes.delete(BASE + "/tenant-limits/{tenantId}", Access.TENANT_ADMIN, this::removeTenantLimit);
        routes.get(BASE + "/org-quotas", Access.ADMIN, this::orgQuotaPage);
        routes.put(BASE + "/org-quotas/{orgId}/{provider}", Access.ADMIN, this::putOrgQuota);
    }

    // --- tiers ---

    private void tier(Context ctx) throws SQLException {
        String name = tierName(ctx);
        ApiResponses.ok(ctx, settings.tier(name).orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "no tier " + name)));
    }

    private void replaceTiers(Context ctx) throws SQLException {
        boolean preview = preview(ctx);
        TierSetRequest body = bodies.read(ctx, TierSetRequest.class);
        Validation v = new Validation();
        List<TierSetting> items = body == null ? null : body.tiers();
        if (items == null || items.isEmpty() || items.size() > MAX_TIERS) {
            v.problem("tiers", "is required: 1 to " + MAX_TIERS + " tiers {name, priority, quotaMaxTokens, "
                    + "capacityMultiplier, leakMultiplier}");
            v.check();
        }
        List<LlmTokenSettings.Tier> tiers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            TierSetting t = items.get(i);
            String at = "tiers[" + i + "]";
            if (t == null) {
                v.problem(at, "must be an object {name, priority, quotaMaxTokens, capacityMultiplier, leakMultiplier}");
                continue;
            }
            boolean named = t.name() != null && TIER_NAME.matcher(t.name()).matches();
            if (!named) {
                v.problem(at + ".name", "must be 1-20 characters: a capital letter, then capital letters, digits or _");
            } else {
                Integer first = seen.putIfAbsent(t.name(), i);
                if (first != null) {
                    v.problem(at + ".name", "repeats tiers[" + first + "].name");
                }
            }
            checkTier(v, at + ".", t.priority(), t.quotaMaxTokens(), t.capacityMultiplier(), t.leakMultiplier());
            if (named) {
                tiers.add(new LlmTokenSettings.Tier(t.name(), t.priority(), t.quotaMaxTokens(), t.capacityMultiplier(),
                        t.leakMultiplier()));
            }
        }
        v.require(body.defaultTier() != null && seen.containsKey(body.defaultTier()), "defaultTier",
                "must be one of the tiers given");
        v.check();
        TokenSettingsAdministration.TierOutcome outcome = settings.replaceTiers(body.defaultTier(), tiers, preview,
                by(ctx));
        if (outcome instanceof TokenSettingsAdministration.Previewed p) {
            ApiResponses.ok(ctx, p.impact());
        } else if (outcome instanceof TokenSettingsAdministration.TiersSaved saved) {
            audit.record(Auditor.entry(ctx, null, "tokens.tiers.update", "default=" + body.defaultTier() + " tiers="
                    + String.join(",", seen.keySet().stream().sorted().toList()) + " changes=" + saved.impact().lines().size(),
                    AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, saved.settings());
        } else if (outcome instanceof TokenSettingsAdministration.TierInUse inUse) {
            throw inUse(inUse);
        } else {
            throw new IllegalStateException("unexpected outcome " + outcome);
        }
    }

    private void putTier(Context ctx) throws SQLException {
        String name = tierName(ctx);
        boolean preview = preview(ctx);
        TierUpdateRequest body = bodies.read(ctx, TierUpdateRequest.class);
        Validation v = new Validation();
        if (body == null) {
            v.problem("body", "is required: {priority, quotaMaxTokens, capacityMultiplier, leakMultiplier}");
            v.check();
        }
        checkTier(v, "", body.priority(), body.quotaMaxTokens(), body.capacityMultiplier(), body.leakMultiplier());
        v.check();
        LlmTokenSettings.Tier tier = new LlmTokenSettings.Tier(name, body.priority(), body.quotaMaxTokens(),
                body.capacityMultiplier(), body.leakMultiplier());
        TokenSettingsAdministration.TierOutcome outcome = settings.putTier(tier, preview, by(ctx));
        if (outcome instanceof TokenSettingsAdministration.Previewed p) {
            ApiResponses.ok(ctx, p.impact());
        } else if (outcome instanceof TokenSettingsAdministration.TierSaved saved) {
            audit.record(Auditor.entry(ctx, null, "tokens.tiers.update", name + " priority=" + tier.priority()
                    + " quotaMaxTokens=" + tier.quotaMaxTokens() + " capacity=x" + tier.capacityMultiplier() + " leak=x"
                    + tier.leakMultiplier(), AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, saved.tier());
        } else {
            throw new IllegalStateException("unexpected outcome " + outcome);
        }
    }

    private static void checkTier(Validation v, String prefix, int priority, long quotaMaxTokens, double capacity,
                                  double leak) {
        v.require(priority >= 0 && priority <= MAX_PRIORITY, prefix + "priority", "must be between 0 and " + MAX_PRIORITY);
        v.require(quotaMaxTokens > 0 && quotaMaxTokens <= OrgQuotas.MAX_QUOTA, prefix + "quotaMaxTokens",
                "must be between 1 and " + OrgQuotas.MAX_QUOTA);
        v.require(capacity > 0 && capacity <= MAX_MULTIPLIER, prefix + "capacityMultiplier",
                "must be above 0 and at most 100");
        v.require(leak > 0 && leak <= MAX_MULTIPLIER, prefix + "leakMultiplier", "must be above 0 and at most 100");
    }

    private static ApiError inUse(TokenSettingsAdministration.TierInUse inUse) {
        String message = inUse.isDefault()
                ? "The tier " + inUse.tier() + " is the default tier (" + inUse.users() + " users are on it): choose "
                        + "another default in an earlier change before removing it"
                : "The tier " + inUse.tier() + " cannot be removed: " + inUse.users() + " users are on it (move them "
                        + "to another tier first)";
        return new ApiError(ErrorCode.TIER_IN_USE, message, 409, Map.of("tier", inUse.tier(), "users", inUse.users(),
                "defaultTier", inUse.isDefault()));
    }

    private static String tierName(Context ctx) {
        String name = ctx.pathParam("name");
        if (!TIER_NAME.matcher(name).matches()) {
            throw ApiError.validation(Map.of("name", "must be 1-20 characters: a capital letter, then capital letters, "
                    + "digits or _"));
        }
        return name;
    }

    // --- tenants' limits ---

    private void tenantLimit(Context ctx) throws SQLException {
        TokenSettingsAdministration.Caller caller = caller(ctx);
        String tenantId = tenantId(ctx);
        answer(ctx, settings.limit(caller, tenantId), tenantId, null, null);
    }

    private void putTenantLimit(Context ctx) throws SQLException {
        TokenSettingsAdministration.Caller caller = caller(ctx);
        String tenantId = tenantId(ctx);
        boolean preview = preview(ctx);
        TenantLimitRequest body = bodies.read(ctx, TenantLimitRequest.class);
        Validation v = new Validation();
        if (body == null) {
            v.problem("body", "is required: {capacity, windowSeconds}");
            v.check();
        }
        v.require(body.capacity() >= 1 && body.capacity() <= TokenSettingsAdministration.MAX_CAPACITY, "capacity",
                "must be between 1 and " + TokenSettingsAdministration.MAX_CAPACITY);
        v.require(body.windowSeconds() >= TokenSettingsAdministration.MIN_WINDOW_SECONDS
                        && body.windowSeconds() <= TokenSettingsAdministration.MAX_WINDOW_SECONDS, "windowSeconds",
                "must be between " + TokenSettingsAdministration.MIN_WINDOW_SECONDS + " and "
                        + TokenSettingsAdministration.MAX_WINDOW_SECONDS + " seconds");
        v.check();
        TokenSettingsAdministration.LimitOutcome outcome = settings.putLimit(caller, tenantId, body.capacity(),
                body.windowSeconds(), preview);
        answer(ctx, outcome, tenantId, preview ? null : "tokens.tenant-limit.update",
                body.capacity() + "/" + body.windowSeconds() + "s");
    }

    private void removeTenantLimit(Context ctx) throws SQLException {
        TokenSettingsAdministration.Caller caller = caller(ctx);
        String tenantId = tenantId(ctx);
        answer(ctx, settings.removeLimit(caller, tenantId), tenantId, "tokens.tenant-limit.remove", "defaults");
    }

    /** Maps a tenant-limit outcome to HTTP; {@code action} non-null: audit it (success or refusal). */
    private void answer(Context ctx, TokenSettingsAdministration.LimitOutcome outcome, String tenantId, String action,
                        String target) {
        String tenant = tenantId.length() <= 36 ? tenantId : null; // audit_log.tenant_id holds 36
        if (outcome instanceof TokenSettingsAdministration.LimitShown shown) {
            if (action != null) {
                audit.record(Auditor.entry(ctx, tenant, action, tenantId + " " + target, AuditEntry.Outcome.SUCCESS));
            }
            ApiResponses.ok(ctx, shown.limit());
        } else if (outcome instanceof TokenSettingsAdministration.Previewed p) {
            ApiResponses.ok(ctx, p.impact());
        } else if (outcome instanceof TokenSettingsAdministration.NoSuchTenant) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "no tenant " + tenantId);
        } else if (outcome instanceof TokenSettingsAdministration.OtherTenant) {
            if (action != null) {
                audit.record(Auditor.entry(ctx, tenant, action, tenantId + " " + target + " (another tenant)",
                        AuditEntry.Outcome.DENIED));
            }
            throw ApiError.of(ErrorCode.FORBIDDEN, "a tenant admin sets only their own tenant's limit");
        } else if (outcome instanceof TokenSettingsAdministration.BeyondBounds beyond) {
            if (action != null) {
                audit.record(Auditor.entry(ctx, tenant, action, tenantId + " " + target + " (beyond the bounds)",
                        AuditEntry.Outcome.DENIED));
            }
            throw new ApiError(ErrorCode.VALIDATION_FAILED, "The limit is beyond the platform's bounds for a tenant "
                    + "admin: " + String.join("; ", beyond.fields().values()), 400,
                    Map.of("fields", Map.copyOf(beyond.fields()), "bounds", settings.bounds()));
        } else {
            throw new IllegalStateException("unexpected outcome " + outcome);
        }
    }

    private static String tenantId(Context ctx) {
        String id = ctx.pathParam("tenantId");
        if (!TENANT_ID.matcher(id).matches()) {
            throw ApiError.validation(Map.of("tenantId", "must be a tenant id"));
        }
        return id;
    }

    // --- organisations' quotas ---

    private void orgQuotaPage(Context ctx) throws SQLException {
        Validation v = new Validation();
        String provider = ctx.queryParam("provider");
        if (provider != null) {
            provider(v, provider);
        }
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), OrgQuotas.DEFAULT_PAGE, 1, OrgQuotas.MAX_PAGE);
        String cursorText = ctx.queryParam("cursor");
        Optional<OrgQuotas.Cursor> cursor = Optional.empty();
        if (cursorText != null) {
            cursor = cursorText.length() <= 400 ? OrgQuotas.Cursor.decode(cursorText) : Optional.empty();
            v.require(cursor.isPresent(), "cursor", "must be the nextCursor of a previous page");
        }
        v.check();
        ApiResponses.ok(ctx, orgQuotas.page(provider, cursor, limit));
    }

    private void putOrgQuota(Context ctx) throws SQLException {
        boolean preview = preview(ctx);
        Validation v = new Validation();
        String orgId = v.uuid("orgId", ctx.pathParam("orgId"));
        String provider = provider(v, ctx.pathParam("provider"));
        OrgQuotaRequest body = bodies.read(ctx, OrgQuotaRequest.class);
        if (body == null) {
            v.problem("body", "is required: {totalTokens}");
            v.check();
        }
        v.require(body.totalTokens() >= 0 && body.totalTokens() <= OrgQuotas.MAX_QUOTA, "totalTokens",
                "must be a whole number between 0 and " + OrgQuotas.MAX_QUOTA);
        v.check();
        OrgQuotas.PutOutcome outcome = orgQuotas.put(orgId, provider, body.totalTokens(), preview);
        if (outcome instanceof OrgQuotas.Previewed p) {
            ApiResponses.ok(ctx, p.impact());
        } else if (outcome instanceof OrgQuotas.Saved saved) {
            audit.record(Auditor.entry(ctx, orgId, "tokens.org-quota.update", provider + "="
                    + body.totalTokens(), AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, OrgQuotas.view(saved.quota(), saved.orgName()));
        } else if (outcome instanceof OrgQuotas.NoSuchOrg) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "no such organisation");
        } else {
            throw new IllegalStateException("unexpected outcome " + outcome);
        }
    }

    private String provider(Validation v, String provider) {
        v.require(provider != null && providers.contains(provider), "provider",
                "must be one of " + String.join(", ", providers.stream().sorted().toList()));
        return provider;
    }

    // --- common ---

    private static boolean preview(Context ctx) {
        String preview = ctx.queryParam("preview");
        if (preview != null && !preview.equals("true") && !preview.equals("false")) {
            throw ApiError.validation(Map.of("preview", "must be true or false"));
        }
        return "true".equals(preview);
    }

    private static TokenSettingsAdministration.Caller caller(Context ctx) {
        Principal p = Principals.require(ctx);
        return new TokenSettingsAdministration.Caller(by(ctx), p.isAdmin(), p.tenantId());
    }

    private static String by(Context ctx) {
        Principal p = Principals.require(ctx);
        return p.username() != null ? p.username() : p.subject();
    }
}
