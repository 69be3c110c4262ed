package dev.familiar.server.directory.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.familiar.server.config.EntraSettings;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Verifies the ID tokens Microsoft Entra issues to the console's application: RS256 only, signed by one of the
 * tenant's published keys ({@code {authority}/{tenant}/discovery/v2.0/keys}, fetched and cached), issuer
 * {@code {authority}/{tenant}/v2.0}, {@code tid} the configured tenant, audience the console's client id, within
 * {@code exp}/{@code nbf} (±{@link #MAX_SKEW}), with an {@code oid}. Every refusal reason is our own fixed text: the
 * token and its claim values never reach a message or a log. Thread-safe.
 */
public final class EntraTokenVerifier {
    /** Clock difference tolerated between Entra and us. */
    public static final Duration MAX_SKEW = Duration.ofSeconds(60);
    /** Keys are re-read at most this often when an unknown {@code kid} arrives (bounds what random kids can cost). */
    static final Duration KEY_FETCH_MIN_INTERVAL = Duration.ofSeconds(30);
    /** How long a fetched key set is used before it is read again (Entra rolls keys over days, with overlap). */
    static final Duration KEY_CACHE_TTL = Duration.ofHours(12);
    private static final int HTTP_TIMEOUT_MS = 5_000;
    private static final int KEY_SET_SIZE_LIMIT = 256 * 1024;

    /** What became of one token. */
    public sealed interface Verification {
    }

    /** The token is good; this is whom it names. */
    public record Accepted(EntraIdentity identity) implements Verification {
    }

    /** The token is not acceptable; {@code reason} is safe to show (it never quotes the token). */
    public record Rejected(String reason) implements Verification {
    }

    /** The tenant's signing keys could not be read, so nothing can be verified now. */
    public record KeysUnavailable(String reason) implements Verification {
    }

    private final String tenantId;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** Over the tenant's published keys (an Entra-mode {@code settings}). */
    public static EntraTokenVerifier forSettings(EntraSettings settings, Clock clock) {
        String tenant = settings.tenantId().orElseThrow(() -> new IllegalArgumentException("Entra is not configured"));
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUrl(settings.authorityUrl(), tenant)).toURL(),
                            new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, KEY_SET_SIZE_LIMIT))
                    .cache(KEY_CACHE_TTL.toMillis(), HTTP_TIMEOUT_MS * 2L)
                    .rateLimited(KEY_FETCH_MIN_INTERVAL.toMillis())
                    .retrying(false)
                    .refreshAheadCache(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("FAMILIAR_ENTRA_AUTHORITY_URL is not a URL", e);
        }
        return new EntraTokenVerifier(settings, keys, clock);
    }

    public EntraTokenVerifier(EntraSettings settings, JWKSource<SecurityContext> keys, Clock clock) {
        this.tenantId = settings.tenantId().orElseThrow(() -> new IllegalArgumentException("Entra is not configured"));
        this.issuer = settings.authorityUrl() + "/" + tenantId + "/v2.0";
        this.audience = settings.consoleClientId().orElseThrow();
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> checkClaims(claims));
    }

    /** Where the tenant publishes its signing keys. */
    public static String jwksUrl(String authorityUrl, String tenantId) {
        return authorityUrl + "/" + tenantId + "/discovery/v2.0/keys";
    }

    public Verification verify(String idToken) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (ParseException | RuntimeException e) {
            return new Rejected("The ID token is not a signed JWT");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return new Rejected("The ID token must be signed with RS256");
        }
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            return new Accepted(new EntraIdentity(claims.getStringClaim("tid"), claims.getStringClaim("oid"),
                    Optional.ofNullable(claims.getStringClaim("preferred_username")),
                    Optional.ofNullable(claims.getStringClaim("name"))));
        } catch (BadJWTException e) {
            // our own claim checks below: their messages are fixed texts
            return new Rejected(e.getMessage());
        } catch (BadJWSException e) {
            return new Rejected("The ID token's signature does not verify against the tenant's keys");
        } catch (BadJOSEException e) {
            return new Rejected("The ID token is not signed by one of the tenant's keys");
        } catch (KeySourceException e) {
            // a kid the cached keys lack triggers one rate-limited re-read; RateLimitReachedException means "unknown key"
            if (e instanceof JWKSetUnavailableException) {
                return new KeysUnavailable("Microsoft Entra's signing keys could not be read; try again shortly");
            }
            return new Rejected("The ID token is not signed by one of the tenant's keys");
        } catch (JOSEException | ParseException | RuntimeException e) {
            return new Rejected("The ID token could not be verified");
        }
    }

    private void checkClaims(JWTClaimsSet claims) throws BadJWTException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new BadJWTException("The ID token has no expiry");
        }
        if (now.minus(MAX_SKEW).isAfter(exp.toInstant())) {
            throw new BadJWTException("The ID token has expired; sign in again");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(MAX_SKEW).isBefore(nbf.toInstant())) {
            throw new BadJWTException("The ID token is not valid yet (check this computer's clock)");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || aud.size() != 1 || !audience.equals(aud.get(0))) {
            throw new BadJWTException("The ID token was issued to another application (audience)");
        }
        String tid = stringClaim(claims, "tid");
        if (!tenantId.equals(tid)) {
            throw new BadJWTException("The ID token was issued by another Entra tenant");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("The ID token was issued by another authority (issuer)");
        }
        String oid = stringClaim(claims, "oid");
        if (oid == null || oid.isBlank() || oid.length() > 64) {
            throw new BadJWTException("The ID token names no person (oid)");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) throws BadJWTException {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new BadJWTException("The ID token's " + name + " claim is not a string");
        }
    }
}
