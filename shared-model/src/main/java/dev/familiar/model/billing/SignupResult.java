package dev.familiar.model.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * UC-01's answer. {@code checkoutUrl} is present only when the server collects a card first; the activation code
 * lets the client plugin get its tokens ({@code POST /api/tokens/activate}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignupResult(String orgId, String planCode, Instant trialEndsAt, String checkoutUrl, String activationCode,
                           Instant activationCodeExpiresAt) {
}
