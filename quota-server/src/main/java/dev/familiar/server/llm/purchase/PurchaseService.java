package dev.familiar.server.llm.purchase;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.security.SecretTokens;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts purchase sagas. The price is the provider's price per token × tokens, in minor units rounded up; a purchase
 * must cost at least {@link #MINIMUM_AMOUNT} (Stripe's minimum charge). With an {@code Idempotency-Key}, the same
 * key and payload give back the same saga, and the same key with another payload is 409.
 */
public final class PurchaseService {
    public static final long MINIMUM_AMOUNT = 50;

    private final PurchaseStore store;
    private final LlmTokenSettings settings;
    private final Runnable sagasWaiting;
    private final Clock clock;

    public PurchaseService(PurchaseStore store, LlmTokenSettings settings, Runnable sagasWaiting, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.sagasWaiting = sagasWaiting;
        this.clock = clock;
    }

    /** A started (or, for a repeated key, the existing) saga. */
    public Purchase start(String userId, String tenantId, Optional<String> orgId, String provider, long tokens,
                          Optional<String> idempotencyKey) throws SQLException {
        long amount = amount(provider, tokens);
        if (amount < MINIMUM_AMOUNT) {
            throw ApiError.validation(java.util.Map.of("tokens", "must cost at least " + MINIMUM_AMOUNT + " minor units of "
                    + settings.currency() + "; buy at least " + minimumTokens(provider) + " " + provider + " tokens"));
        }
        String hash = SecretTokens.sha256("purchase|" + orgId.orElse("") + "|" + provider + "|" + tokens);
        if (idempotencyKey.isPresent()) {
            Optional<Purchase> prior = store.findByKey(userId, idempotencyKey.get());
            if (prior.isPresent()) {
                return same(prior.get(), hash);
            }
        }
        Instant now = clock.instant();
        Purchase p = new Purchase(UUID.randomUUID().toString(), userId, tenantId, orgId, provider, tokens, amount,
                settings.currency(), idempotencyKey, hash, Purchase.Status.STARTED, Optional.empty(), Optional.empty(), false,
                now, now, now.plus(settings.sagaTimeout()));
        if (!store.insert(p)) {
            return same(store.findByKey(userId, idempotencyKey.orElseThrow()).orElseThrow(), hash);
        }
        sagasWaiting.run();
        return p;
    }

    private static Purchase same(Purchase prior, String hash) {
        if (!prior.payloadHash().equals(hash)) {
            throw ApiError.of(ErrorCode.IDEMPOTENCY_CONFLICT, "this Idempotency-Key was used for another purchase");
        }
        return prior;
    }

    long amount(String provider, long tokens) {
        BigDecimal price = settings.providers().get(provider).pricePerToken();
        return price.multiply(BigDecimal.valueOf(tokens)).movePointRight(2).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    long minimumTokens(String provider) {
        BigDecimal price = settings.providers().get(provider).pricePerToken();
        if (price.signum() == 0) {
            return 1;
        }
        return BigDecimal.valueOf(MINIMUM_AMOUNT).movePointLeft(2).divide(price, 0, RoundingMode.CEILING).longValueExact();
    }
}
