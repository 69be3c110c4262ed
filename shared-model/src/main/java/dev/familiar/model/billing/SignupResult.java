package dev.familiar.model.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * UC-01's answer. {@code checkoutUrl} is present only when the server collects a card first; the activation code
 * lets the client plugin get its tokens ({@code POST /api/tokens/activate}); the owner's invitation code lets the
 * person who signed up set a password ({@code POST /api/v1/auth/invitations/accept}) and then manage the
 * organisation's plan. It is absent when a sign-up is finished again after its owner has already set a password.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignupResult(String orgId, String planCode, Instant trialEndsAt, String checkoutUrl, String activationCode,
                           Instant activationCodeExpiresAt, String ownerInvitationCode,
                           Instant ownerInvitationCodeExpiresAt) {
    /** An answer without an owner invitation. */
    public SignupResult(String orgId, String planCode, Instant trialEndsAt, String checkoutUrl, String activationCode,
                        Instant activationCodeExpiresAt) {
        this(orgId, planCode, trialEndsAt, checkoutUrl, activationCode, activationCodeExpiresAt, null, null);
    }
}
