package dev.familiar.server.tokens;

import java.time.Duration;

/**
 * Lifetimes and names of the credentials we issue.
 *
 * @param issuer               {@code iss} of our JWTs
 * @param audience             {@code aud} of our JWTs
 * @param userTokenTtl         access tokens of users (login, registration): 1 hour
 * @param activationTokenTtl   access tokens of UC-17 client plugins: minutes
 * @param activationCodeTtl    one-time activation codes: minutes
 * @param refreshTokenTtl      refresh tokens of client plugins
 * @param apiKeyTtl            API keys without an explicit expiry
 * @param apiKeysPerUser       the most active (unrevoked, unexpired) API keys one user may hold
 * @param invitationTtl        one-time invitation codes (invited users, signed-up owners): a week
 * @param passwordResetTtl     one-time password-reset codes: an hour
 */
public record TokenSettings(String issuer, String audience, Duration userTokenTtl, Duration activationTokenTtl,
                            Duration activationCodeTtl, Duration refreshTokenTtl, Duration apiKeyTtl,
                            int apiKeysPerUser, Duration invitationTtl, Duration passwordResetTtl) {

    public static final int DEFAULT_API_KEYS_PER_USER = 25;
    public static final Duration DEFAULT_INVITATION_TTL = Duration.ofHours(168);
    public static final Duration DEFAULT_PASSWORD_RESET_TTL = Duration.ofMinutes(60);

    /** Settings with the default lifetimes of invitation and password-reset codes. */
    public TokenSettings(String issuer, String audience, Duration userTokenTtl, Duration activationTokenTtl,
                         Duration activationCodeTtl, Duration refreshTokenTtl, Duration apiKeyTtl, int apiKeysPerUser) {
        this(issuer, audience, userTokenTtl, activationTokenTtl, activationCodeTtl, refreshTokenTtl, apiKeyTtl,
                apiKeysPerUser, DEFAULT_INVITATION_TTL, DEFAULT_PASSWORD_RESET_TTL);
    }

    /** Settings with the default cap of API keys per user. */
    public TokenSettings(String issuer, String audience, Duration userTokenTtl, Duration activationTokenTtl,
                         Duration activationCodeTtl, Duration refreshTokenTtl, Duration apiKeyTtl) {
        this(issuer, audience, userTokenTtl, activationTokenTtl, activationCodeTtl, refreshTokenTtl, apiKeyTtl,
                DEFAULT_API_KEYS_PER_USER);
    }

    public static TokenSettings defaults() {
        return new TokenSettings("familiar", "familiar-api", Duration.ofHours(1), Duration.ofMinutes(15),
                Duration.ofMinutes(10), Duration.ofDays(30), Duration.ofDays(365));
    }

    public TokenSettings withApiKeysPerUser(int limit) {
        return new TokenSettings(issuer, audience, userTokenTtl, activationTokenTtl, activationCodeTtl, refreshTokenTtl,
                apiKeyTtl, limit, invitationTtl, passwordResetTtl);
    }

    public TokenSettings withUserCodeTtls(Duration invitation, Duration passwordReset) {
        return new TokenSettings(issuer, audience, userTokenTtl, activationTokenTtl, activationCodeTtl, refreshTokenTtl,
                apiKeyTtl, apiKeysPerUser, invitation, passwordReset);
    }

    public Duration longestAccessTokenLifetime() {
        return userTokenTtl.compareTo(activationTokenTtl) >= 0 ? userTokenTtl : activationTokenTtl;
    }
}
