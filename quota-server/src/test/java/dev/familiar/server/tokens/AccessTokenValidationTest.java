package dev.familiar.server.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8725 checks over HTTP: every forged, altered or stale token is a 401 on a protected route. */
@Tag("storage")
class AccessTokenValidationTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Account user;
    static MutableClock clock = MutableClock.startingNow();

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        user = identity.register("jwt-user");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private int statusWith(String token) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + user.userId(),
                Map.of("Authorization", "Bearer " + token)).status();
    }

    private ECKey serverKey() throws Exception {
        JWKSet set = JWKSet.parse(HttpCalls.get(server.baseUrl() + "/oauth2/jwks").body());
        return (ECKey) set.getKeys().get(0);
    }

    private JWTClaimsSet.Builder validClaims() throws Exception {
        return new JWTClaimsSet.Builder(SignedJWT.parse(user.token()).getJWTClaimsSet());
    }

    @Test
    void theIssuedTokenIsAccepted() {
        assertThat(statusWith(user.token())).isEqualTo(200);
    }

    @Test
    void aTamperedPayloadIsRejected() throws Exception {
        String[] parts = user.token().split("\\.");
        String otherPayload = Base64URL.encode(validClaims().claim("roles", List.of("ADMIN")).build().toString()
                .getBytes(StandardCharsets.UTF_8)).toString();

        assertThat(statusWith(parts[0] + "." + otherPayload + "." + parts[2])).isEqualTo(401);
    }

    @Test
    void aTamperedSignatureIsRejected() {
        String token = user.token();
        char last = token.charAt(token.length() - 5);
        String altered = token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);

        assertThat(statusWith(altered)).isEqualTo(401);
    }

    @Test
    void algNoneIsRejected() throws Exception {
        String unsigned = new PlainJWT(validClaims().build()).serialize();

        assertThat(statusWith(unsigned)).isEqualTo(401);
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRejected() throws Exception {
        ECKey publicKey = serverKey();
        byte[] secret = publicKey.toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicKey.getKeyID())
                .type(AccessTokens.TYPE).build(), validClaims().build());
        forged.sign(new MACSigner(secret));

        assertThat(statusWith(forged.serialize())).isEqualTo(401);
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheSameKidIsRejected() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(serverKey().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(attacker.getKeyID())
                .type(AccessTokens.TYPE).build(), validClaims().build());
        forged.sign(new ECDSASigner(attacker));

        assertThat(statusWith(forged.serialize())).isEqualTo(401);
    }

    @Test
    void aNotYetValidTokenIsRejected() throws Exception {
        assertThat(statusWith(resign(validClaims().notBeforeTime(Date.from(clock.instant().plusSeconds(600))).build(),
                AccessTokens.TYPE))).isEqualTo(401);
    }

    @Test
    void aWrongAudienceOrIssuerIsRejected() throws Exception {
        assertThat(statusWith(resign(validClaims().audience("someone-else").build(), AccessTokens.TYPE))).isEqualTo(401);
        assertThat(statusWith(resign(validClaims().issuer("https://evil.example").build(), AccessTokens.TYPE))).isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheAccessTokenTypeIsRejected() throws Exception {
        assertThat(statusWith(resign(validClaims().build(), JOSEObjectType.JWT))).isEqualTo(401);
    }

    @Test
    void garbageIsRejected() {
        assertThat(statusWith("not.a.jwt")).isEqualTo(401);
        assertThat(HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + user.userId(),
                Map.of("Authorization", "Basic dXNlcjpwYXNz")).status()).isEqualTo(401);
    }

    @Test
    void theJwksHoldsNoPrivateKeyMaterial() {
        String jwks = HttpCalls.get(server.baseUrl() + "/oauth2/jwks").body();

        assertThat(jwks).contains("\"kty\":\"EC\"").doesNotContain("\"d\":");
    }

    /** Signs with the server's own private key (read from the database) to isolate one claim or header. */
    private String resign(JWTClaimsSet claims, JOSEObjectType type) throws Exception {
        ECKey key;
        try (var c = identity.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT private_jwk FROM signing_key WHERE retired_at IS NULL");
             var rs = ps.executeQuery()) {
            rs.next();
            key = ECKey.parse(rs.getString(1));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(type).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
