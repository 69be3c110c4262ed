package dev.familiar.model.client;

import dev.familiar.model.metering.ConsumeRequest;
import dev.familiar.model.metering.ConsumeResult;
import dev.familiar.model.metering.EntitlementsView;
import dev.familiar.model.metering.QuotaCheckRequest;
import dev.familiar.model.metering.QuotaDecision;
import dev.familiar.model.metering.RolloverResult;
import dev.familiar.model.metering.UsageRecorded;
import dev.familiar.model.metering.UsageRequest;
import java.util.Objects;

/**
 * The metered runtime of the caller's own organisation (UC-02 to UC-05; a plugin's org-scoped token or a member's
 * credential) and the administrators' period rollover (UC-14). An {@code orgId} other than the caller's is
 * {@code FORBIDDEN} (403). A spent quota is {@code RATE_LIMITED} (429, {@code retryAfterSeconds} until the next
 * period); an inactive subscription {@code PAYMENT_REQUIRED} (402); a {@code request_id} reused with another payload
 * {@code IDEMPOTENCY_CONFLICT} (409).
 */
public final class MeteringClient {
    private final ApiTransport transport;

    public MeteringClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code GET /api/me/entitlements}: plan and counters of the {@code api_call} metric. */
    public EntitlementsView entitlements() {
        return entitlements(null);
    }

    /** {@code GET /api/me/entitlements?metric=}: plan and counters of {@code metric} (null: {@code api_call}). */
    public EntitlementsView entitlements(String metric) {
        return transport.get("api/me/entitlements").query("metric", metric).envelope(EntitlementsView.class);
    }

    /** {@code POST /api/v1/usage}: records one usage event, idempotent on its {@code request_id}. */
    public UsageRecorded recordUsage(UsageRequest request) {
        return transport.post("api/v1/usage").body(request).envelope(UsageRecorded.class);
    }

    /** {@code POST /api/quota/check}: allowed or not, without counting (a denial is an {@code ApiError}). */
    public QuotaDecision check(String orgId, String metric) {
        return transport.post("api/quota/check").body(new QuotaCheckRequest(orgId, metric)).envelope(QuotaDecision.class);
    }

    /** {@code POST /api/quota/consume}: check and count in one step, idempotent on its {@code request_id}. */
    public ConsumeResult consume(ConsumeRequest request) {
        return transport.post("api/quota/consume").body(request).envelope(ConsumeResult.class);
    }

    /**
     * {@code POST /api/admin/quotas/reset[?dryRun=true]} (ADMIN): rolls every entitlement whose period ended into the
     * current one, or only counts them when {@code dryRun}.
     */
    public RolloverResult resetQuotas(boolean dryRun) {
        return transport.post("api/admin/quotas/reset").query("dryRun", dryRun ? "true" : null)
                .envelope(RolloverResult.class);
    }
}
