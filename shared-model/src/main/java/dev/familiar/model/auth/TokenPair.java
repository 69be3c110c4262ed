package dev.familiar.model.auth;

/**
 * Credentials of a UC-17 client plugin: a short-lived org-scoped access token ({@code expiresIn} seconds) and a
 * single-use refresh token bound to the activation's domain.
 */
public record TokenPair(String accessToken, String refreshToken, long expiresIn, String scope, String tokenType) {
    @Override
    public String toString() {
        return "TokenPair[expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
