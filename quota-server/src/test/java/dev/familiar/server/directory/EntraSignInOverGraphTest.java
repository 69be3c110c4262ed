package dev.familiar.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.directory.graph.EntraTenant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entra sign-in end to end over the Graph adapter: an ID token signed by the tenant's published key, the person's
 * groups read by {@code GraphDirectory} from the fake Graph's {@code /users/{oid}/transitiveMemberOf/microsoft.graph.group}
 * (app token from the local TLS token endpoint), a mapped group granting PROMPT_ENGINEER in the LoginResponse.
 */
class EntraSignInOverGraphTest {
    static final String CONSOLE_CLIENT = "c0n501e0-0000-4000-8000-0000000000e2";

    @TempDir
    static Path tempDir;
    static EntraTenant tenant;
    static MockWebServer keysHost;
    static RSAKey key;
    static String tenantId;
    static String promptEngineers;
    static FamiliarServer server;
    static FamiliarClient client;

    @BeforeAll
    static void start() throws Exception {
        tenant = new EntraTenant();
        EntraSettings graph = tenant.settings();
        tenantId = graph.tenantId().orElseThrow();
        key = new RSAKeyGenerator(2048).keyID("e2e-key").generate();
        String keys = new JWKSet(key.toPublicJWK()).toString();
        keysHost = new MockWebServer();
        keysHost.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                return r.getUrl().encodedPath().equals("/" + tenantId + "/discovery/v2.0/keys")
                        ? new MockResponse.Builder().addHeader("Content-Type", "application/json").body(keys).build()
                        : new MockResponse.Builder().code(404).build();
            }
        });
        keysHost.start();
        String authority = keysHost.url("/").toString().replaceAll("/$", "");
        // the server's sign-in reads the tenant's keys from `authority`; its directory (the Graph adapter) gets app
        // tokens from the tenant's local TLS token endpoint and calls the fake Graph
        EntraSettings settings = new EntraSettings(graph.tenantId(), graph.clientId(), graph.clientSecret(),
                Optional.empty(), "", graph.graphUrl(), authority, Optional.of(CONSOLE_CLIENT));
        promptEngineers = tenant.addGroup("Prompt Engineers");
        GroupRoles mappings = groups -> groups.contains(promptEngineers) ? EnumSet.of(Role.PROMPT_ENGINEER) : Set.of();
        server = TestServers.start(TestServers.config(tempDir).withEntra(settings), Clock.systemUTC(),
                tenant.openDirectory(), mappings);
        client = FamiliarClient.connect(server.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
        keysHost.close();
        tenant.close();
    }

    static String idToken(String oid, String upn) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(keysHost.url("/").toString().replaceAll("/$", "")
                        + "/" + tenantId + "/v2.0")
                .audience(CONSOLE_CLIENT).subject("pairwise-" + oid).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).claim("tid", tenantId).claim("oid", oid)
                .claim("preferred_username", upn).claim("name", "Person " + oid.substring(0, 4)).claim("ver", "2.0")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void aMemberOfTheMappedGroupInGraphSignsInAsAPromptEngineer() throws Exception {
        String oid = tenant.addUser("Pat Engineer", "pat.engineer@contoso.test");
        tenant.addMember(promptEngineers, oid);
        int lookups = tenant.requests("GET", "/v1\\.0/users/" + oid + "/transitiveMemberOf/.*");

        LoginResponse login = client.auth().entraSignIn(idToken(oid, "Pat.Engineer@contoso.test"));

        assertThat(login.roles()).contains("PROMPT_ENGINEER");
        assertThat(login.token()).isNotBlank();
        assertThat(tenant.requests("GET", "/v1\\.0/users/" + oid + "/transitiveMemberOf/.*")).isGreaterThan(lookups);
    }

    @Test
    void someoneInNoMappedGroupIsRefused() throws Exception {
        String oid = tenant.addUser("Out Sider", "outsider@contoso.test");
        tenant.addMember(tenant.addGroup("Unmapped"), oid);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.auth().entraSignIn(idToken(oid,
                "outsider@contoso.test"))).isInstanceOfSatisfying(dev.familiar.model.api.ApiError.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThat(tenant.requests("GET", "/v1\\.0/users/" + oid + "/transitiveMemberOf/.*")).isPositive();
    }
}
