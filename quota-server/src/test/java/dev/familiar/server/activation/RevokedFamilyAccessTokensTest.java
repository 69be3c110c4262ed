package dev.familiar.server.activation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: presenting a spent refresh token revokes its family, and the family's access tokens that have not
 * expired are refused too: at once on the server that saw the reuse, within {@link RevokedFamilies#REFRESH_EVERY} on
 * another server sharing the database. The clock is stepped, never slept on.
 */
@Tag("storage")
class RevokedFamilyAccessTokensTest {
    @TempDir
    Path tempDir;
    final MutableClock clock = MutableClock.startingNow();
    FamiliarServer server;
    Identity identity;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** A plugin's first pair: {accessToken, refreshToken}. */
    private String[] activatePlugin() {
        Identity.Account admin = identity.admin();
        String orgId = HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"Plugin Org\",\"planCode\":\"pro\"}",
                admin.bearer()).json().at("/data/orgId").asText();
        String code = HttpCalls.post(server.baseUrl() + "/api/admin/activation-codes",
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"plugin.example.com\"}", admin.bearer()).json()
                .at("/data/activationCode").asText();
        JsonNode pair = HttpCalls.post(server.baseUrl() + "/api/tokens/activate", "{\"activationCode\":\"" + code + "\"}")
                .json().path("data");
        return new String[] {pair.path("accessToken").asText(), pair.path("refreshToken").asText()};
    }

    private static Answer refresh(FamiliarServer on, String refreshToken) {
        return HttpCalls.post(on.baseUrl() + "/api/tokens/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
    }

    private static int entitlements(FamiliarServer on, String accessToken) {
        return HttpCalls.get(on.baseUrl() + "/api/me/entitlements", Map.of("Authorization", "Bearer " + accessToken))
                .status();
    }

    @Test
    void reuseOfASpentRefreshTokenRefusesTheFamilysAccessTokensAtOnceOnThisServer() {
        String[] first = activatePlugin();
        JsonNode rotated = refresh(server, first[1]).json().path("data");
        String secondAccess = rotated.path("accessToken").asText();
        assertThat(entitlements(server, first[0])).isEqualTo(200);
        assertThat(entitlements(server, secondAccess)).isEqualTo(200);
        String[] otherPlugin = activatePlugin();

        Answer reuse = refresh(server, first[1]);

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(entitlements(server, first[0])).as("the first access token, cached as verified").isEqualTo(401);
        assertThat(entitlements(server, secondAccess)).as("the rotated access token").isEqualTo(401);
        assertThat(entitlements(server, otherPlugin[0])).as("another family is untouched").isEqualTo(200);
        clock.advance(RevokedFamilies.REFRESH_EVERY.multipliedBy(3));
        assertThat(entitlements(server, first[0])).as("still refused after the set is read again").isEqualTo(401);
    }

    @Test
    void anotherServerSharingTheDatabaseRefusesThemWithinTheBound() {
        FamiliarServer second = TestServers.start(server.config(), clock);
        try {
            String[] pair = activatePlugin();
            assertThat(entitlements(second, pair[0])).as("verified and cached on the second server").isEqualTo(200);
            String rotatedRefresh = refresh(server, pair[1]).json().at("/data/refreshToken").asText();
            assertThat(rotatedRefresh).startsWith("famr_");

            assertThat(refresh(server, pair[1]).status()).as("reuse, seen by the first server").isEqualTo(401);

            assertThat(entitlements(server, pair[0])).isEqualTo(401);
            clock.advance(RevokedFamilies.REFRESH_EVERY.minusSeconds(1));
            assertThat(entitlements(second, pair[0])).as("the second server read the set when it verified the token: "
                    + "until the next read it does not know").isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            assertThat(entitlements(second, pair[0])).as("refused on the second server once the bound has passed")
                    .isEqualTo(401);
        } finally {
            second.stop();
        }
    }
}
