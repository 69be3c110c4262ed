package dev.familiar.server.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.CapturedLog;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UC-17 over HTTP: mint, activate, refresh rotation, reuse detection, expiry, domain binding, races. */
@Tag("storage")
class ActivationLifecycleTest {
    @TempDir
    Path tempDir;
    MutableClock clock = MutableClock.startingNow();
    FamiliarServer server;
    Identity identity;
    Account admin;
    Account orgOwner;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        admin = identity.admin();
        orgOwner = identity.register("plugin-org");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Answer mint(Account caller, String orgId, String domain) {
        return HttpCalls.post(server.baseUrl() + "/api/admin/activation-codes",
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"" + domain + "\"}", caller.bearer());
    }

    private String code() {
        return mint(admin, orgOwner.tenantId(), "plugin.example.com").json().at("/data/activationCode").asText();
    }

    private Answer activate(String code) {
        return HttpCalls.post(server.baseUrl() + "/api/tokens/activate", "{\"activationCode\":\"" + code + "\"}");
    }

    private Answer refresh(String refreshToken) {
        return HttpCalls.post(server.baseUrl() + "/api/tokens/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
    }

    @Test
    void anAdminMintsAShortLivedCodeForAnOrganisation() {
        Answer answer = mint(admin, orgOwner.tenantId(), "Plugin.Example.com");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().at("/data/activationCode").asText()).startsWith("fama_");
        GoldenFiles.assertMatches("tokens-activation-code-201", answer.status(),
                answer.body().replace(answer.json().at("/data/activationCode").asText(), "<code>"));
    }

    @Test
    void onlyAnAdminMintsCodesAndOnlyForExistingOrganisations() {
        assertThat(mint(orgOwner, orgOwner.tenantId(), "plugin.example.com").status()).isEqualTo(403);
        assertThat(mint(admin, "7a7a7a7a-0000-4000-8000-000000000000", "plugin.example.com").status()).isEqualTo(404);
        Answer bad = mint(admin, "nope", "not a domain!");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/fields/orgId").asText()).isEqualTo("must be a UUID");
        assertThat(bad.json().at("/error/details/fields/domain").asText()).contains("host name");
    }

    @Test
    void activationIssuesAnOrgScopedAccessTokenAndARefreshToken() throws Exception {
        Answer answer = activate(code());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.json().path("data");
        assertThat(data.path("scope").asText()).isEqualTo("entitlements:read usage:write");
        assertThat(data.path("expiresIn").asLong()).isEqualTo(15 * 60);
        assertThat(data.path("refreshToken").asText()).startsWith("famr_");
        var claims = com.nimbusds.jwt.SignedJWT.parse(data.path("accessToken").asText()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("tid")).isEqualTo(orgOwner.tenantId());
        assertThat(claims.getStringClaim("dom")).isEqualTo("plugin.example.com");
        GoldenFiles.assertMatches("tokens-activate-200", answer.status(), answer.body()
                .replace(data.path("accessToken").asText(), "<access>").replace(data.path("refreshToken").asText(), "<refresh>"));
    }

    @Test
    void anActivationTokenIsNotAUserCredential() {
        String access = activate(code()).json().at("/data/accessToken").asText();

        Answer keys = HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + orgOwner.userId(),
                Map.of("Authorization", "Bearer " + access));

        assertThat(keys.status()).isEqualTo(403);
    }

    @Test
    void aCodeWorksOnceAndNotAfterItExpires() {
        String code = code();
        assertThat(activate(code).status()).isEqualTo(200);
        Answer again = activate(code);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.json().at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");

        String late = code();
        clock.advance(Duration.ofMinutes(11));
        assertThat(activate(late).status()).isEqualTo(401);
    }

    @Test
    void refreshRotatesAndSpendsThePresentedToken() {
        String first = activate(code()).json().at("/data/refreshToken").asText();

        Answer rotated = refresh(first);

        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.json().at("/data/refreshToken").asText();
        assertThat(second).isNotEqualTo(first).startsWith("famr_");
        assertThat(refresh(second).status()).isEqualTo(200);
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamilyAndIsAudited() throws Exception {
        String first = activate(code()).json().at("/data/refreshToken").asText();
        String second = refresh(first).json().at("/data/refreshToken").asText();

        Answer reuse = refresh(first);
        Answer afterRevocation = refresh(second);

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.json().at("/error/code").asText()).isEqualTo("REACTIVATION_REQUIRED");
        assertThat(afterRevocation.status()).isEqualTo(401);
        assertThat(afterRevocation.json().at("/error/code").asText()).isEqualTo("REACTIVATION_REQUIRED");
        assertThat(auditCount("token.refresh.reuse")).isEqualTo(1);
    }

    @Test
    void anExpiredRefreshTokenAsksForReactivation() {
        String refreshToken = activate(code()).json().at("/data/refreshToken").asText();
        clock.advance(Duration.ofDays(31));

        Answer answer = refresh(refreshToken);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("REACTIVATION_REQUIRED");
        GoldenFiles.assertMatches("tokens-refresh-401-reactivation", answer.status(), answer.body());
    }

    @Test
    void aRefreshFromAnotherDomainIsRefused() {
        String refreshToken = activate(code()).json().at("/data/refreshToken").asText();

        Answer otherOrigin = HttpCalls.post(server.baseUrl() + "/api/tokens/refresh",
                "{\"refreshToken\":\"" + refreshToken + "\"}", Map.of("Origin", "https://evil.example.net"));
        Answer otherDomain = HttpCalls.post(server.baseUrl() + "/api/tokens/refresh",
                "{\"refreshToken\":\"" + refreshToken + "\",\"domain\":\"evil.example.net\"}");
        Answer sameOrigin = HttpCalls.post(server.baseUrl() + "/api/tokens/refresh",
                "{\"refreshToken\":\"" + refreshToken + "\"}", Map.of("Origin", "https://plugin.example.com"));

        assertThat(otherOrigin.status()).isEqualTo(401);
        assertThat(otherDomain.status()).isEqualTo(401);
        assertThat(sameOrigin.status()).as("refused attempts did not spend the token").isEqualTo(200);
    }

    @Test
    void unknownRefreshTokensAndBadBodiesAreRefused() {
        assertThat(refresh("famr_" + "z".repeat(40)).status()).isEqualTo(401);
        Answer missing = HttpCalls.post(server.baseUrl() + "/api/tokens/refresh", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().at("/error/details/fields/refreshToken").asText()).isEqualTo("is required");
    }

    @Test
    void ofConcurrentRefreshesWithOneTokenExactlyOneWins() throws Exception {
        String refreshToken = activate(code()).json().at("/data/refreshToken").asText();
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Callable<Integer> racer = () -> {
                    go.await();
                    return refresh(refreshToken).status();
                };
                results.add(pool.submit(racer));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 401).hasSize(racers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLogNeverHoldsCodesTokensOrPasswords() {
        String log;
        String code;
        JsonNode pair;
        String second;
        try (CapturedLog captured = new CapturedLog()) {
            code = code();
            pair = activate(code).json().path("data");
            second = refresh(pair.path("refreshToken").asText()).json().at("/data/refreshToken").asText();
            refresh(pair.path("refreshToken").asText());
            identity.login("plugin-org", Identity.PASSWORD);
            log = captured.text();
        }

        assertThat(log).contains("/api/tokens/refresh");
        assertThat(log).doesNotContain(code, pair.path("accessToken").asText(), pair.path("refreshToken").asText(),
                second, Identity.PASSWORD, admin.token());
    }

    private int auditCount(String action) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = ? AND tenant_id = ?")) {
            ps.setString(1, action);
            ps.setString(2, orgOwner.tenantId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
