package dev.familiar.server.llm;

import dev.familiar.model.llm.TokenConsumeResponse;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.analytics.UsageEvent;
import dev.familiar.server.llm.analytics.UsageEventLog;
import dev.familiar.server.llm.provider.LlmProvider;
import dev.familiar.server.llm.provider.ProviderException;
import dev.familiar.server.llm.provider.ProviderReply;
import dev.familiar.server.llm.quota.QuotaKey;
import dev.familiar.server.llm.quota.QuotaStore;
import dev.familiar.server.llm.quota.QuotaWindow;
import dev.familiar.server.llm.quota.Reservation;
import dev.familiar.server.llm.quota.ReservationLedger;
import dev.familiar.server.llm.quota.TierStore;
import dev.familiar.server.llm.ratelimit.LeakyBucket;
import dev.familiar.server.llm.ratelimit.RateLimiter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/tokens/consume} after validation and authorisation, in the document's order: rate limit
 * (429) → reserve from the org quota when {@code orgId} is given, else the user's (402) → call the provider; on
 * failure give the reservation back (502) → reconcile to the tokens the provider counted → 200. Every attempt
 * publishes a usage event.
 */
public final class TokenConsumption {
    private static final Logger LOG = LoggerFactory.getLogger(TokenConsumption.class);

    /** Who consumes: the user, their tenant, the org whose quota pays (if any), and the request's trace. */
    public record Consumer(String userId, String tenantId, Optional<String> orgId, String requestId, String ipAddress) {
    }

    /** What happened, for the route to answer. */
    public sealed interface Result permits Allowed, RateLimited, NoQuota, ProviderFailed {
        LeakyBucket.Decision bucket();
    }

    public record Allowed(LeakyBucket.Decision bucket, ProviderReply reply, long tokens) implements Result {
    }

    public record RateLimited(LeakyBucket.Decision bucket) implements Result {
    }

    public record NoQuota(LeakyBucket.Decision bucket, boolean freeTier) implements Result {
    }

    public record ProviderFailed(LeakyBucket.Decision bucket) implements Result {
    }

    private final RateLimiter limiter;
    private final TierStore tiers;
    private final QuotaStore quotas;
    private final ReservationLedger reservations;
    private final UsageEventLog events;
    private final LlmTokenSettings settings;
    private final Clock clock;

    public TokenConsumption(RateLimiter limiter, TierStore tiers, QuotaStore quotas, ReservationLedger reservations,
                            UsageEventLog events, LlmTokenSettings settings, Clock clock) {
        this.limiter = limiter;
        this.tiers = tiers;
        this.quotas = quotas;
        this.reservations = reservations;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    public Result consume(Consumer who, LlmProvider provider, long tokens, String prompt) throws SQLException {
        TierStore.UserTier tier = tiers.of(who.userId());
        LeakyBucket.Decision bucket = limiter.offer(who.userId(), who.tenantId(), tier.tier(), tokens);
        if (!bucket.allowed()) {
            publish(who, provider.name(), tokens, UsageEvent.Outcome.RATE_LIMITED);
            return new RateLimited(bucket);
        }
        QuotaKey key = who.orgId().map(org -> QuotaKey.org(org, provider.name()))
                .orElseGet(() -> QuotaKey.user(who.userId(), provider.name()));
        Optional<Long> allowance = who.orgId().isPresent() ? Optional.empty() : Optional.of(tier.allowance());
        Optional<Reservation> reservation = reservations.reserve(new QuotaStore.Request(key, tokens, allowance,
                QuotaWindow.of(settings.quotaWindow())));
        if (reservation.isEmpty()) {
            publish(who, provider.name(), tokens, UsageEvent.Outcome.NO_QUOTA);
            return new NoQuota(bucket, "FREE".equals(tier.tier().name()));
        }
        ProviderReply reply;
        try {
            reply = provider.complete(prompt == null ? "" : prompt, tokens);
        } catch (ProviderException e) {
            LOG.warn("Provider {} failed; {} reserved tokens given back: {}", provider.name(), tokens, e.getMessage());
            quotas.release(reservation.get(), tokens);
            publish(who, provider.name(), tokens, UsageEvent.Outcome.PROVIDER_FAILED);
            return new ProviderFailed(bucket);
        }
        long counted = reply.totalTokens().orElse(tokens);
        if (counted < tokens) {
            quotas.release(reservation.get(), tokens - counted);
        } else if (counted > tokens) {
            LOG.info("Provider {} counted {} tokens for a reservation of {}; the difference is recorded, not charged",
                    provider.name(), counted, tokens);
        }
        publish(who, provider.name(), counted, UsageEvent.Outcome.ALLOWED);
        return new Allowed(bucket, reply, counted);
    }

    static TokenConsumeResponse answer(Result result, Instant now) {
        LeakyBucket.Decision b = result.bucket();
        TokenConsumeResponse.ProviderResponse provider = result instanceof Allowed a
                ? new TokenConsumeResponse.ProviderResponse(a.reply().id(), a.reply().provider(), a.reply().message())
                : TokenConsumeResponse.ProviderResponse.NONE;
        return new TokenConsumeResponse(result instanceof Allowed, b.capacity(), b.used(), b.remaining(), b.waitSeconds(),
                now, provider);
    }

    private void publish(Consumer who, String provider, long tokens, UsageEvent.Outcome outcome) {
        events.publish(new UsageEvent(UUID.randomUUID().toString(), who.userId(), who.tenantId(), who.orgId().orElse(null),
                provider, tokens, outcome == UsageEvent.Outcome.ALLOWED, outcome, who.requestId(), who.ipAddress(),
                clock.instant()));
    }
}
