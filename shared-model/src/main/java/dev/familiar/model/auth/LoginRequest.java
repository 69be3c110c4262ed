package dev.familiar.model.auth;

/** {@code POST /api/v1/auth/login}: {@code username} may also be the account's e-mail address. */
public record LoginRequest(String username, String password) {
    @Override
    public String toString() {
        return "LoginRequest[username=" + username + "]";
    }
}
