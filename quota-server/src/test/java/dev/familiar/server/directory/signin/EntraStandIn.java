package dev.familiar.server.directory.signin;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.familiar.server.config.EntraSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Microsoft Entra as far as sign-in needs it, on a local port: the tenant's published signing keys
 * ({@code /{tenant}/discovery/v2.0/keys}, an RSA key made here) and ID tokens signed by them, as Entra writes them.
 */
final class EntraStandIn implements AutoCloseable {
    static final String TENANT = "7f3c1a2e-0000-4000-8000-00000000a11c";
    static final String CONSOLE_CLIENT = "c0n501e0-0000-4000-8000-000000000001";
    static final String SERVER_CLIENT = "5e7e7000-0000-4000-8000-000000000002";

    final RSAKey key;
    final MockWebServer server = new MockWebServer();
    final AtomicInteger keyFetches = new AtomicInteger();
    private final Clock clock;

    EntraStandIn(Clock clock) throws Exception {
        this.clock = clock;
        key = new RSAKeyGenerator(2048).keyID("entra-key-1").generate();
        String keys = new JWKSet(key.toPublicJWK()).toString();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getUrl().encodedPath().equals("/" + TENANT + "/discovery/v2.0/keys")) {
                    keyFetches.incrementAndGet();
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(keys).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        server.start();
    }

    /** The authority URL (the cloud's login host) this stand-in answers as. */
    String authorityUrl() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    /** Entra settings of a server that trusts this stand-in, with a console client id of its own. */
    EntraSettings settings() {
        return new EntraSettings(Optional.of(TENANT), Optional.of(SERVER_CLIENT), Optional.of("server-secret"),
                Optional.empty(), "", "http://127.0.0.1:9/v1.0", authorityUrl(), Optional.of(CONSOLE_CLIENT));
    }

    String issuer() {
        return authorityUrl() + "/" + TENANT + "/v2.0";
    }

    /** The claims Entra puts in a v2 ID token for {@code oid}, valid for an hour from now. */
    JWTClaimsSet.Builder claims(String oid, String upn) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(CONSOLE_CLIENT)
                .subject("pairwise-" + oid)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("tid", TENANT)
                .claim("oid", oid)
                .claim("preferred_username", upn)
                .claim("name", "Person " + oid.substring(0, 4))
                .claim("ver", "2.0");
    }

    /** A good ID token of {@code oid}. */
    String idToken(String oid, String upn) {
        return idToken(oid, upn, c -> c);
    }

    /** An ID token of {@code oid} with its claims changed by {@code edit}, signed by the tenant's key. */
    String idToken(String oid, String upn, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return sign(key, edit.apply(claims(oid, upn)).build());
    }

    static String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
