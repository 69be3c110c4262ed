package dev.familiar.server.auth;

import dev.familiar.server.apikeys.ApiKeyService;
import dev.familiar.server.security.SecretTokens;
import dev.familiar.server.tokens.AccessTokens;
import java.sql.SQLException;
import java.util.Optional;

/** The real {@link CredentialVerifier}: our JWTs for bearer tokens, stored hashes for API keys. */
public final class IdentityVerifier implements CredentialVerifier {
    private final AccessTokens tokens;
    private final ApiKeyService apiKeys;

    public IdentityVerifier(AccessTokens tokens, ApiKeyService apiKeys) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
    }

    @Override
    public Optional<Principal> verifyBearer(String token) {
        if (token.startsWith(SecretTokens.API_KEY_PREFIX)) {
            return verifyApiKey(token); // API keys are accepted wherever a bearer token is
        }
        return tokens.verify(token);
    }

    @Override
    public Optional<Principal> verifyApiKey(String key) {
        try {
            return apiKeys.verify(key).map(ApiKeyService.Verified::principal);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot verify an API key", e);
        }
    }
}
