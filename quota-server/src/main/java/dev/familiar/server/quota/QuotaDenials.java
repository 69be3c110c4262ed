package dev.familiar.server.quota;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.entitlement.BillingPeriod;
import dev.familiar.server.http.ApiResponses;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * UC-05, the one hard stop every metered route uses. Two different denials:
 * <ul>
 *   <li>429 {@code RATE_LIMITED} "Quota exceeded": the tenant may use the product but this period's allowance
 *   is spent; {@code Retry-After} is the number of seconds until the next period starts.</li>
 *   <li>402 {@code PAYMENT_REQUIRED}: no usable entitlement (trial over and unpaid, paused, canceled, or none);
 *   waiting does not help, paying does. No {@code Retry-After}.</li>
 * </ul>
 * Both are envelopes whose {@code details} carry {@code {allow:false, remaining:0}} (UC-04's denial body).
 */
public final class QuotaDenials {
    private QuotaDenials() {
    }

    public static ApiError exhausted(BillingPeriod period, Instant now) {
        long seconds = Math.max(1, Duration.between(now, period.end()).toSeconds());
        return new ApiError(ErrorCode.RATE_LIMITED, "Quota exceeded", 429,
                Map.of("allow", false, "remaining", 0, "periodKey", period.key(), ApiResponses.RETRY_AFTER_DETAIL, seconds));
    }

    public static ApiError inactive(String status) {
        return new ApiError(ErrorCode.PAYMENT_REQUIRED, "No active subscription (" + status + "): payment required", 402,
                Map.of("allow", false, "remaining", 0, "status", status));
    }
}
