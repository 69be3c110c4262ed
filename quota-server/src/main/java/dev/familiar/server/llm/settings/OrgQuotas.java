package dev.familiar.server.llm.settings;

import dev.familiar.model.tokens.ImpactLine;
import dev.familiar.model.tokens.OrgQuota;
import dev.familiar.model.tokens.OrgQuotaPage;
import dev.familiar.model.tokens.SettingsImpact;
import dev.familiar.server.llm.quota.Quota;
import dev.familiar.server.llm.quota.QuotaKey;
import dev.familiar.server.llm.quota.QuotaStore;
import dev.familiar.server.llm.quota.QuotaWindow;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Organisations' token quotas (story 2.1, department quotas): set one (both {@code POST /api/v1/tokens/quota/org} and
 * {@code PUT /api/admin/tokens/org-quotas/{orgId}/{provider}} come here), preview what setting it would do, list them
 * by page. A new quota's window is a calendar month from now; a changed one keeps its window and what was used in it.
 */
public final class OrgQuotas {
    /** The most tokens an organisation's quota may hold per window (both routes' bound). */
    public static final long MAX_QUOTA = 1_000_000_000_000L;
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    /** What a put did. */
    public sealed interface PutOutcome permits Saved, Previewed, NoSuchOrg {
    }

    /** Stored; {@code before} the quota it replaced, if any. */
    public record Saved(Quota quota, Optional<Quota> before, String orgName) implements PutOutcome {
    }

    /** Nothing changed: what the put would do. */
    public record Previewed(SettingsImpact impact) implements PutOutcome {
    }

    /** No organisation has this id. */
    public record NoSuchOrg() implements PutOutcome {
    }

    /** A page's position: after this organisation and provider. */
    public record Cursor(String orgId, String provider) {
        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((orgId + "\n" + provider).getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor, or empty when {@code text} is not one of ours. */
        public static Optional<Cursor> decode(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                if (nl <= 0 || nl == s.length() - 1 || s.indexOf('\n', nl + 1) >= 0) {
                    return Optional.empty();
                }
                return Optional.of(new Cursor(s.substring(0, nl), s.substring(nl + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private final TokenSettingsStore store;
    private final QuotaStore quotas;
    private final Clock clock;

    public OrgQuotas(TokenSettingsStore store, QuotaStore quotas, Clock clock) {
        this.store = store;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** Sets (or previews) the organisation's quota for {@code provider}; arguments already checked. */
    public PutOutcome put(String orgId, String provider, long totalTokens, boolean preview) throws SQLException {
        Optional<String> name = store.tenantName(orgId);
        if (name.isEmpty()) {
            return new NoSuchOrg();
        }
        QuotaKey key = QuotaKey.org(orgId, provider);
        Optional<Quota> before = quotas.find(key);
        if (preview) {
            long used = before.map(Quota::usedTokens).orElse(0L);
            ImpactLine line = new ImpactLine("organisation " + name.get() + ": " + store.usersOfTenant(orgId) + " users",
                    provider + " tokens per window", before.map(q -> q.totalTokens() + " tokens").orElse("no quota"),
                    totalTokens + " tokens");
            return new Previewed(new SettingsImpact(store.usersOfTenant(orgId), 1, totalTokens < used ? 1 : 0,
                    List.of(line)));
        }
        Quota saved = quotas.put(key, totalTokens, QuotaWindow.MONTHLY);
        return new Saved(saved, before, name.get());
    }

    /** One page by organisation then provider; {@code after} from the previous page's cursor. */
    public OrgQuotaPage page(String provider, Optional<Cursor> after, int limit) throws SQLException {
        quotas.applyPending(); // an embedded server's journalled reservations into the rows read below
        List<TokenSettingsStore.OrgQuotaRow> rows = store.orgQuotas(provider, after.map(Cursor::orgId).orElse(null),
                after.map(Cursor::provider).orElse(null), limit + 1);
        Instant now = clock.instant();
        List<OrgQuota> items = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            TokenSettingsStore.OrgQuotaRow r = rows.get(i);
            QuotaWindow window = new QuotaWindow(r.windowSeconds());
            Instant start = window.currentStart(r.windowStart(), now);
            long used = start.equals(r.windowStart()) ? r.usedTokens() : 0;
            items.add(new OrgQuota(r.orgId(), r.orgName(), r.provider(), r.totalTokens(), used,
                    Duration.between(start, window.endOf(start)).toSeconds(), start));
        }
        String next = rows.size() > limit
                ? new Cursor(items.get(limit - 1).orgId(), items.get(limit - 1).provider()).encode() : null;
        return new OrgQuotaPage(items, next);
    }

    /** The view of a stored quota. */
    public static OrgQuota view(Quota q, String orgName) {
        return new OrgQuota(q.key().ownerId(), orgName, q.key().provider(), q.totalTokens(), q.usedTokens(),
                Duration.between(q.windowStart(), q.resetTime()).toSeconds(), q.windowStart());
    }
}
