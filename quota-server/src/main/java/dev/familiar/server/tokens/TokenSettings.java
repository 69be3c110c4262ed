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
 */
public record TokenSettings(String issuer, String audience, Duration userTokenTtl, Duration activationTokenTtl,
                            Duration activationCodeTtl, Duration refreshTokenTtl, Duration apiKeyTtl) {

    public static TokenSettings defaults() {
        return new TokenSettings("familiar", "familiar-api", Duration.ofHours(1), Duration.ofMinutes(15),
                Duration.ofMinutes(10), Duration.ofDays(30), Duration.ofDays(365));
    }

    public Duration longestAccessTokenLifetime() {
        return userTokenTtl.compareTo(activationTokenTtl) >= 0 ? userTokenTtl : activationTokenTtl;
    }
}
