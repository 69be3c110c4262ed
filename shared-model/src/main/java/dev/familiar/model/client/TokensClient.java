package dev.familiar.model.client;

import dev.familiar.model.llm.OrgQuotaRequest;
import dev.familiar.model.llm.PurchaseStarted;
import dev.familiar.model.llm.PurchaseView;
import dev.familiar.model.llm.QuotaView;
import dev.familiar.model.llm.TierRequest;
import dev.familiar.model.llm.TierView;
import dev.familiar.model.llm.TokenConsumeOutcome;
import dev.familiar.model.llm.TokenConsumeRequest;
import dev.familiar.model.llm.TokenConsumeResponse;
import dev.familiar.model.llm.TokenPurchaseRequest;
import dev.familiar.model.llm.TokenServiceStatus;
import java.util.Objects;

/**
 * The LLM token API ({@code /api/v1/tokens}, the {@code 002} plain family): consume, user and organisation quotas,
 * tiers and token purchases. A user acts only for themselves ({@code FORBIDDEN}, 403, otherwise), an ADMIN for
 * anyone, a tenant's SERVICE key for its tenant's users.
 */
public final class TokensClient {
    private static final int RATE_LIMITED = 429;
    private final ApiTransport transport;

    public TokensClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code GET /api/v1/tokens/status} (public): always {@code "ok"} while it answers, and the dry-run providers. */
    public TokenServiceStatus status() {
        return transport.get("api/v1/tokens/status").anonymous().plain(TokenServiceStatus.class);
    }

    /**
     * {@code POST /api/v1/tokens/consume}. Allowed (200) and refused by the leaky bucket (429, {@code allowed}
     * false, {@code Retry-After}) both come back as an outcome with the {@code X-RateLimit-*} headers. No quota left is
     * an {@code ApiError} {@code PAYMENT_REQUIRED} (402; the FREE tier's carries {@code upgradeUrl} in its details), a
     * failed provider call {@code UPSTREAM_FAILED} (502).
     */
    public TokenConsumeOutcome consume(TokenConsumeRequest request) {
        ApiTransport.Answer<TokenConsumeResponse> answer = transport.post("api/v1/tokens/consume").body(request)
                .answer(TokenConsumeResponse.class, RATE_LIMITED);
        return new TokenConsumeOutcome(answer.status(), answer.body(), new TokenConsumeOutcome.RateLimit(
                number(answer.header("X-RateLimit-Limit")), number(answer.header("X-RateLimit-Remaining")),
                number(answer.header("X-RateLimit-Reset")), number(answer.header("Retry-After"))));
    }

    /**
     * {@code GET /api/v1/tokens/quota?userId=&provider=}: a user's quota; {@code NOT_FOUND} (404) before their first
     * consume.
     */
    public QuotaView quota(String userId, String provider) {
        return transport.get("api/v1/tokens/quota").query("userId", userId).query("provider", provider)
                .plain(QuotaView.class);
    }

    /** {@code GET /api/v1/tokens/quota/org?orgId=&provider=}: an organisation's monthly quota (members and ADMIN). */
    public QuotaView orgQuota(String orgId, String provider) {
        return transport.get("api/v1/tokens/quota/org").query("orgId", orgId).query("provider", provider)
                .plain(QuotaView.class);
    }

    /** {@code POST /api/v1/tokens/quota/org} (ADMIN): sets an organisation's tokens per month for one provider. */
    public QuotaView setOrgQuota(String orgId, String provider, long totalTokens) {
        return transport.post("api/v1/tokens/quota/org").body(new OrgQuotaRequest(orgId, provider, totalTokens))
                .plain(QuotaView.class);
    }

    /** {@code GET /api/v1/tokens/tier?userId=}: a user's tier and allowance per window. */
    public TierView tier(String userId) {
        return transport.get("api/v1/tokens/tier").query("userId", userId).plain(TierView.class);
    }

    /**
     * {@code POST /api/v1/tokens/tier} (ADMIN): sets a user's tier and, when {@code quotaTokens} is not null, a custom
     * allowance within the tier's cap.
     */
    public TierView setTier(String userId, String tier, Long quotaTokens) {
        return transport.post("api/v1/tokens/tier").body(new TierRequest(userId, tier, quotaTokens))
                .plain(TierView.class);
    }

    /**
     * {@code POST /api/v1/tokens/purchase}: starts a purchase saga (202). {@code idempotencyKey} (null: none) is sent
     * as {@code Idempotency-Key}: a retry with the same key answers the same saga.
     */
    public PurchaseStarted purchase(String userId, String orgId, String provider, long tokens, String idempotencyKey) {
        return transport.post("api/v1/tokens/purchase").header("Idempotency-Key", idempotencyKey)
                .body(new TokenPurchaseRequest(userId, orgId, provider, tokens))
                .plain(PurchaseStarted.class);
    }

    /** {@code GET /api/v1/tokens/purchase/{sagaId}}: the saga's state; another user's or an unknown one is 404. */
    public PurchaseView purchase(String sagaId) {
        return transport.get("api/v1/tokens/purchase/" + ApiPaths.segment(sagaId)).plain(PurchaseView.class);
    }

    private static Long number(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
