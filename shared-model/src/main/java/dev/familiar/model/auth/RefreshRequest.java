package dev.familiar.model.auth;

/**
 * {@code POST /api/tokens/refresh}. {@code domain}, when given, must be the domain the activation was bound to
 * (so must the request's {@code Origin}, when sent).
 */
public record RefreshRequest(String refreshToken, String domain) {
    @Override
    public String toString() {
        return "RefreshRequest[refreshToken=***, domain=" + domain + "]";
    }
}
