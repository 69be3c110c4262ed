package dev.familiar.server.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Role;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies our access tokens: ES256 JWTs with {@code typ: at+jwt} and a {@code kid}. Verification
 * follows RFC 8725: only ES256 is accepted (no {@code none}, no HMAC), the type, issuer, audience, expiry and
 * not-before are checked, with at most 30 s of clock skew. Thread-safe.
 */
public final class AccessTokens {
    public static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    static final String CLAIM_TENANT = "tid";
    static final String CLAIM_ROLES = "roles";
    static final String CLAIM_KIND = "knd";
    static final String CLAIM_SCOPE = "scope";
    static final String CLAIM_DOMAIN = "dom";
    static final String CLAIM_NAME = "name";
    private static final int MAX_SKEW_SECONDS = 30;
    private static final String ACTIVATION_SUBJECT_PREFIX = "activation:";

    private final SigningKeys keys;
    private final TokenSettings settings;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public AccessTokens(SigningKeys keys, TokenSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        JWKSource<SecurityContext> source = (JWKSelector selector, SecurityContext ctx) -> selector.select(keys.verificationKeys());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("sub", "exp", "iat", "nbf", "jti", CLAIM_TENANT, CLAIM_KIND)) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(MAX_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** A user's access token (login, registration), valid for {@link TokenSettings#userTokenTtl()}. */
    public IssuedToken issueForUser(String userId, String tenantId, String username, Set<Role> roles) {
        JWTClaimsSet.Builder claims = base(userId, tenantId, settings.userTokenTtl())
                .claim(CLAIM_KIND, "user")
                .claim(CLAIM_NAME, username)
                .claim(CLAIM_ROLES, roles.stream().map(Role::name).sorted().toList());
        return sign(claims.build());
    }

    /** A UC-17 client plugin's org-scoped access token, bound to a domain; its subject names its token family. */
    public IssuedToken issueForActivation(String familyId, String tenantId, String domain, Set<String> scopes) {
        JWTClaimsSet.Builder claims = base(ACTIVATION_SUBJECT_PREFIX + familyId, tenantId, settings.activationTokenTtl())
                .claim(CLAIM_KIND, "activation")
                .claim(CLAIM_SCOPE, String.join(" ", scopes.stream().sorted().toList()))
                .claim(CLAIM_DOMAIN, domain);
        return sign(claims.build());
    }

    /** The token family of a client plugin's access token (its subject {@code activation:<family id>}); else empty. */
    public static Optional<String> familyOf(Principal principal) {
        if (principal.kind() != Principal.Kind.ACTIVATION_TOKEN || !principal.subject().startsWith(ACTIVATION_SUBJECT_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(principal.subject().substring(ACTIVATION_SUBJECT_PREFIX.length()));
    }

    /** The longest an access token can be accepted after it was issued: its lifetime plus the allowed clock skew. */
    public static Duration acceptedFor(Duration lifetime) {
        return lifetime.plusSeconds(MAX_SKEW_SECONDS);
    }

    /** A verified token's principal and the moment the token stops being valid. */
    public record Verified(Principal principal, Instant expiresAt) {
    }

    /** The principal a valid token names; empty for anything that does not verify. */
    public Optional<Principal> verify(String token) {
        return verifyWithExpiry(token).map(Verified::principal);
    }

    /** As {@link #verify(String)}, with the token's expiry (for caches). */
    public Optional<Verified> verifyWithExpiry(String token) {
        try {
            JWTClaimsSet claims = processWithRefresh(token);
            Instant expiresAt = claims.getExpirationTime().toInstant();
            String kind = claims.getStringClaim(CLAIM_KIND);
            String tenant = claims.getStringClaim(CLAIM_TENANT);
            if ("user".equals(kind)) {
                Set<Role> roles = EnumSet.noneOf(Role.class);
                List<String> names = claims.getStringListClaim(CLAIM_ROLES);
                if (names != null) {
                    for (String name : names) {
                        roles.add(Role.valueOf(name));
                    }
                }
                return Optional.of(new Verified(new Principal(Principal.Kind.USER_TOKEN, claims.getSubject(), tenant,
                        Optional.of(claims.getSubject()), claims.getStringClaim(CLAIM_NAME), roles, Set.of(), Optional.empty()),
                        expiresAt));
            }
            if ("activation".equals(kind)) {
                String scope = claims.getStringClaim(CLAIM_SCOPE);
                Set<String> scopes = new HashSet<>(scope == null ? List.of() : List.of(scope.split(" ")));
                return Optional.of(new Verified(new Principal(Principal.Kind.ACTIVATION_TOKEN, claims.getSubject(), tenant,
                        Optional.empty(), claims.getSubject(), Set.of(), scopes,
                        Optional.ofNullable(claims.getStringClaim(CLAIM_DOMAIN))), expiresAt));
            }
            return Optional.empty();
        } catch (Exception e) {
            // Any parse, signature, type or claim failure: the caller answers 401 without saying which.
            return Optional.empty();
        }
    }

    private JWTClaimsSet processWithRefresh(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            throw new ParseException("no kid", 0);
        }
        keys.refreshFor(kid); // another server may have rotated since we loaded
        return processor.process(jwt, null);
    }

    private JWTClaimsSet.Builder base(String subject, String tenantId, Duration ttl) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(subject)
                .claim(CLAIM_TENANT, tenantId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
    }

    private IssuedToken sign(JWTClaimsSet claims) {
        ECKey key = keys.activeKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        return new IssuedToken(jwt.serialize(), claims.getExpirationTime().toInstant());
    }
}
