package dev.familiar.model.client;

import dev.familiar.model.auth.ActivateRequest;
import dev.familiar.model.auth.LoginRequest;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.auth.RefreshRequest;
import dev.familiar.model.auth.RegisterRequest;
import dev.familiar.model.auth.RegisterResponse;
import dev.familiar.model.auth.TokenPair;
import dev.familiar.model.directory.EntraSignInConfig;
import dev.familiar.model.directory.EntraSignInRequest;
import java.util.Objects;

/**
 * Getting credentials: registration and password login of people ({@code /api/v1/auth}, the {@code 002} plain
 * family) and the activation and refresh of client plugins' org-scoped tokens ({@code /api/tokens}, envelope family).
 * Every call is public and sends no credential.
 */
public final class AuthClient {
    private final ApiTransport transport;

    public AuthClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code POST /api/v1/auth/register}: a new user with a personal tenant and the USER role, and an access token.
     * A taken username or e-mail is {@code CONFLICT} (409), too many registrations from this address
     * {@code RATE_LIMITED} (429, {@code retryAfterSeconds}).
     */
    public RegisterResponse register(String username, String email, String password) {
        return transport.post("api/v1/auth/register").anonymous()
                .body(new RegisterRequest(username, email, password)).plain(RegisterResponse.class);
    }

    /**
     * {@code POST /api/v1/auth/login} ({@code username} may be the e-mail address). Bad credentials are
     * {@code UNAUTHENTICATED} (401), repeated failures {@code RATE_LIMITED} (429, {@code retryAfterSeconds}).
     */
    public LoginResponse login(String username, String password) {
        return transport.post("api/v1/auth/login").anonymous().body(new LoginRequest(username, password))
                .plain(LoginResponse.class);
    }

    /**
     * {@code POST /api/tokens/activate}: a one-time activation code for an org-scoped token pair. An unknown, used
     * or expired code is {@code UNAUTHENTICATED} (401).
     */
    public TokenPair activate(String activationCode) {
        return transport.post("api/tokens/activate").anonymous().body(new ActivateRequest(activationCode))
                .envelope(TokenPair.class);
    }

    /**
     * {@code POST /api/tokens/refresh}: rotates a refresh token ({@code domain}, when not null, must be the
     * activation's). A spent token revokes its family ({@code UNAUTHENTICATED}); an expired one is
     * {@code REACTIVATION_REQUIRED} (401).
     */
    public TokenPair refresh(String refreshToken, String domain) {
        return transport.post("api/tokens/refresh").anonymous().body(new RefreshRequest(refreshToken, domain))
                .envelope(TokenPair.class);
    }

    /** {@code GET /api/auth/entra/config}: whether and how the console may sign in with an Entra account. */
    public EntraSignInConfig entraConfig() {
        return transport.get("api/auth/entra/config").anonymous().envelope(EntraSignInConfig.class);
    }

    /**
     * {@code POST /api/auth/entra/sign-in}: exchanges an Entra ID token for our access token; the roles come from the
     * person's group memberships through the role mappings. 401 for a bad token, 403 when no group grants a role.
     */
    public LoginResponse entraSignIn(String idToken) {
        return transport.post("api/auth/entra/sign-in").anonymous().body(new EntraSignInRequest(idToken))
                .envelope(LoginResponse.class);
    }
}
