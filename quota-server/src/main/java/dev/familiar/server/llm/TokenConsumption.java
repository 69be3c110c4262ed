package dev.familiar.server.llm;

import dev.familiar.model.llm.TokenConsumeResponse;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.analytics.UsageEvent;
import dev.familiar.server.llm.analytics.UsageEventLog;
import dev.familiar.server.llm.provider.ChatRequest;
import dev.familiar.server.llm.provider.LlmProvider;
import dev.familiar.server.llm.provider.ProviderException;
import dev.familiar.server.llm.provider.ProviderReply;
import dev.familiar.server.llm.provider.TokenCounter;
import dev.familiar.server.llm.quota.QuotaKey;
import dev.familiar.server.llm.quota.QuotaStore;
import dev.familiar.server.llm.quota.QuotaWindow;
import dev.familiar.server.llm.quota.Reservation;
import dev.familiar.server.llm.quota.ReservationLedger;
import dev.familiar.server.llm.quota.TierStore;
import dev.familiar.server.llm.ratelimit.LeakyBucket;
import dev.familiar.server.llm.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/tokens/consume} after validation and authorisation, in the document's order: rate limit
 * (429) → count the prompt ({@link TokenCounter}); refuse (402) when it alone spends the {@code tokens} budget →
 * reserve {@code tokens} from the org quota when {@code orgId} is given, else the user's (402) → call the provider
 * with the completion capped at {@code tokens - promptTokens}; on failure give the reservation back (502) → settle
 * to the provider's count (our own when it is not sane), giving back the unused part; a count above the reservation
 * is charged up to what the quota has left, never beyond, and audited → 200. Every attempt publishes a usage event
 * (decision 0008).
 */
public final class TokenConsumption {
    private static final Logger LOG = LoggerFactory.getLogger(TokenConsumption.class);
    /** Added to the sanity bound on a provider's count (small calls, framing tokens we do not see). */
    static final long SANE_SLACK = 64;
    /** A system message's framing: 3 per message + 1 for the role. */
    static final long SYSTEM_MESSAGE_OVERHEAD = 4;

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
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final Counter excessCharged;

    public TokenConsumption(RateLimiter limiter, TierStore tiers, QuotaStore quotas, ReservationLedger reservations,
                            UsageEventLog events, LlmTokenSettings settings, Clock clock, AuditLog audit,
                            MeterRegistry metrics) {
        this.limiter = limiter;
        this.tiers = tiers;
        this.quotas = quotas;
        this.reservations = reservations;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
        this.metrics = metrics;
        this.excessCharged = Counter.builder("familiar.llm.provider.count.excess")
                .description("provider token counts above the reservation, charged up to what the quota had left")
                .register(metrics);
    }

    public Result consume(Consumer who, LlmProvider provider, long tokens, String prompt) throws SQLException {
        return consume(who, provider, tokens, ChatRequest.of(prompt, tokens), null);
    }

    /**
     * As {@link #consume(Consumer, LlmProvider, long, String)} for a whole chat request (a deployed function's
     * invocation: system message and settings); {@code function} names the prompt function for the ledger, null for
     * a plain consume. The system message counts towards the prompt's tokens.
     */
    public Result consume(Consumer who, LlmProvider provider, long tokens, ChatRequest request, String function)
            throws SQLException {
        String text = request.prompt();
        TierStore.UserTier tier = tiers.of(who.userId());
        LeakyBucket.Decision bucket = limiter.offer(who.userId(), who.tenantId(), tier.tier(), tokens);
        if (!bucket.allowed()) {
            publish(who, provider.name(), tokens, UsageEvent.Outcome.RATE_LIMITED, function);
            return new RateLimited(bucket);
        }
        TokenCounter counter = provider.tokenCounter();
        // the dry-run echo spends nothing at a provider and reports no count: it is charged the reservation, as before
        long promptTokens = provider.dryRun() ? 0 : counter.prompt(text)
                + (request.system() == null ? 0 : counter.text(request.system()) + SYSTEM_MESSAGE_OVERHEAD);
        if (promptTokens >= tokens) {
            // the prompt alone spends the budget: no completion could fit, so nothing is reserved or sent
            publish(who, provider.name(), tokens, UsageEvent.Outcome.NO_QUOTA, function);
            return new NoQuota(bucket, "FREE".equals(tier.tier().name()));
        }
        QuotaKey key = who.orgId().map(org -> QuotaKey.org(org, provider.name()))
                .orElseGet(() -> QuotaKey.user(who.userId(), provider.name()));
        Optional<Long> allowance = who.orgId().isPresent() ? Optional.empty() : Optional.of(tier.allowance());
        Optional<Reservation> reservation = reservations.reserve(new QuotaStore.Request(key, tokens, allowance,
                QuotaWindow.of(settings.quotaWindow())));
        if (reservation.isEmpty()) {
            publish(who, provider.name(), tokens, UsageEvent.Outcome.NO_QUOTA, function);
            return new NoQuota(bucket, "FREE".equals(tier.tier().name()));
        }
        long cap = tokens - promptTokens;
        ProviderReply reply;
        try {
            // null: the whole answer only, never streamed (nobody here reads it as it arrives)
            reply = provider.complete(request.withMaxTokens(cap), null);
        } catch (ProviderException e) {
            LOG.warn("Provider {} failed; {} reserved tokens given back: {}", provider.name(), tokens, e.getMessage());
            quotas.release(reservation.get(), tokens);
            publish(who, provider.name(), tokens, UsageEvent.Outcome.PROVIDER_FAILED, function);
            return new ProviderFailed(bucket);
        }
        long counted = settle(who, provider.name(), counter, promptTokens, cap, reply);
        long charged = counted;
        if (counted < tokens) {
            quotas.release(reservation.get(), tokens - counted);
        } else if (counted > tokens) {
            long extra = quotas.chargeUpTo(key, counted - tokens);
            charged = tokens + extra;
            excessCharged.increment();
            LOG.info("Provider {} counted {} tokens for a reservation of {}; {} more charged (what the quota had left), "
                    + "{} not charged", provider.name(), counted, tokens, extra, counted - charged);
            audit(who, "llm.tokens.excess", provider.name(), "counted=" + counted + " reserved=" + tokens
                    + " charged=" + charged);
        }
        publish(who, provider.name(), charged, UsageEvent.Outcome.ALLOWED, function);
        return new Allowed(bucket, reply, charged);
    }

    /**
     * The tokens this call cost: the provider's count when it is sane, the reservation when it reported none (the
     * echo), and our own count (prompt + answer text) when it is beyond {@link #sane} — that is flagged: a WARN
     * without the prompt or text, the {@code familiar.llm.provider.count.rejected} counter and an audit entry.
     */
    private long settle(Consumer who, String provider, TokenCounter counter, long promptTokens, long cap,
                        ProviderReply reply) {
        if (reply.totalTokens().isEmpty()) {
            return promptTokens + cap;
        }
        long reported = reply.totalTokens().getAsLong();
        if (sane(reported, promptTokens, cap, reply.message())) {
            return reported;
        }
        long own = promptTokens + counter.text(reply.message());
        Counter.builder("familiar.llm.provider.count.rejected").description("provider token counts settled by our own count")
                .tag("provider", provider).register(metrics).increment();
        LOG.warn("Provider {} reported {} tokens for a call of {} prompt tokens capped at {}; settled by our own count "
                + "of {} ({})", provider, reported, promptTokens, cap, own, counter.method());
        audit(who, "llm.tokens.recounted", provider, "reported=" + reported + " own=" + own + " prompt=" + promptTokens
                + " cap=" + cap);
        return own;
    }

    /**
     * A believable count: not above {@code 2 × (prompt + cap) + }{@value #SANE_SLACK} (room for a tokenizer that
     * differs from ours, never for an order of magnitude), not negative, and not 0 when text came back.
     */
    static boolean sane(long reported, long promptTokens, long cap, String text) {
        if (reported < 0 || reported == 0 && text != null && !text.isEmpty()) {
            return false;
        }
        return reported <= 2 * (promptTokens + cap) + SANE_SLACK;
    }

    private void audit(Consumer who, String action, String provider, String detail) {
        audit.record(new AuditEntry(who.tenantId(), who.userId(), action, "provider=" + provider + " " + detail,
                AuditEntry.Outcome.SUCCESS, who.requestId(), who.ipAddress()));
    }

    static TokenConsumeResponse answer(Result result, Instant now) {
        LeakyBucket.Decision b = result.bucket();
        TokenConsumeResponse.ProviderResponse provider = result instanceof Allowed a
                ? new TokenConsumeResponse.ProviderResponse(a.reply().id(), a.reply().provider(), a.reply().message())
                : TokenConsumeResponse.ProviderResponse.NONE;
        return new TokenConsumeResponse(result instanceof Allowed, b.capacity(), b.used(), b.remaining(), b.waitSeconds(),
                now, provider);
    }

    /** A product ledger entry ({@code function} null for a plain consume); R&D entries are the lab's own. */
    private void publish(Consumer who, String provider, long tokens, UsageEvent.Outcome outcome, String function) {
        Instant now = clock.instant();
        events.publish(new UsageEvent(UsageEventLog.newId(now.toEpochMilli()), who.userId(), who.tenantId(),
                who.orgId().orElse(null), provider, tokens, outcome == UsageEvent.Outcome.ALLOWED, outcome,
                who.requestId(), who.ipAddress(), now, UsageEvent.Purpose.PRODUCT, function, null));
    }
}
