package dev.familiar.server.auth;

import dev.familiar.server.apikeys.ApiKeyService;
import dev.familiar.server.security.SecretTokens;
import dev.familiar.server.tokens.AccessTokens;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The real {@link CredentialVerifier}: our JWTs for bearer tokens, stored hashes for API keys. Verified credentials
 * are cached: a token until it expires, an API key for at most {@link #API_KEY_CACHE} (a key revoked on another server
 * stops working within that time; on this server at once). A client plugin's access token is also refused, cached or
 * not, once its token family is revoked ({@link FamilyRevocations}). A locked or deleted user's tokens and API keys (the
 * service keys they own included) are refused the same way, cached or not ({@link BlockedUsers}).
 */
public final class IdentityVerifier implements CredentialVerifier {
    static final Duration API_KEY_CACHE = Duration.ofSeconds(30);
    private static final int MAX_CACHED = 50_000;

    private final AccessTokens tokens;
    private final ApiKeyService apiKeys;
    private final Clock clock;
    private final ExpiringCache<Principal> verifiedTokens;
    private final ExpiringCache<VerifiedKey> verifiedKeys;
    private final FamilyRevocations revokedFamilies;
    private final BlockedUsers blockedUsers;

    /** A verified API key's caller and the user who owns the key (for a service key, not the caller). */
    private record VerifiedKey(Principal principal, String ownerId) {
    }

    public IdentityVerifier(AccessTokens tokens, ApiKeyService apiKeys, Clock clock, FamilyRevocations revokedFamilies,
                            BlockedUsers blockedUsers) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.revokedFamilies = revokedFamilies;
        this.blockedUsers = blockedUsers;
        this.verifiedTokens = new ExpiringCache<>(MAX_CACHED, clock);
        this.verifiedKeys = new ExpiringCache<>(MAX_CACHED, clock);
    }

    /**
     * Forgets every cached API key of a user (after a revocation on this server), and every cached service key:
     * a service principal names its tenant, not the user who owns the key, and revocations are rare.
     */
    public void forgetKeysOf(String userId) {
        verifiedKeys.invalidateIf(k -> k.ownerId().equals(userId) || k.principal().isService());
    }

    @Override
    public Optional<Principal> verifyBearer(String token) {
        if (token.startsWith(SecretTokens.API_KEY_PREFIX)) {
            return verifyApiKey(token); // API keys are accepted wherever a bearer token is
        }
        Optional<Principal> cached = verifiedTokens.get(token);
        if (cached.isPresent()) {
            return cached.filter(this::notRevoked);
        }
        Optional<AccessTokens.Verified> verified = tokens.verifyWithExpiry(token);
        verified.ifPresent(v -> verifiedTokens.put(token, v.principal(), v.expiresAt()));
        return verified.map(AccessTokens.Verified::principal).filter(this::notRevoked);
    }

    private boolean notRevoked(Principal principal) {
        if (principal.userId().map(blockedUsers::isBlocked).orElse(false)) {
            return false;
        }
        return AccessTokens.familyOf(principal).map(family -> !revokedFamilies.isRevoked(family)).orElse(true);
    }

    @Override
    public Optional<Principal> verifyApiKey(String key) {
        String cacheKey = SecretTokens.sha256(key);
        Optional<VerifiedKey> cached = verifiedKeys.get(cacheKey);
        if (cached.isPresent()) {
            return cached.filter(k -> !blockedUsers.isBlocked(k.ownerId())).map(VerifiedKey::principal);
        }
        try {
            Optional<ApiKeyService.Verified> verified = apiKeys.verify(key);
            verified.ifPresent(v -> {
                Instant until = clock.instant().plus(API_KEY_CACHE);
                Instant expiry = v.key().expiresAt().filter(e -> e.isBefore(until)).orElse(until);
                verifiedKeys.put(cacheKey, new VerifiedKey(v.principal(), v.owner().id()), expiry);
            });
            return verified.filter(v -> !blockedUsers.isBlocked(v.owner().id())).map(ApiKeyService.Verified::principal);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot verify an API key", e);
        }
    }
}
