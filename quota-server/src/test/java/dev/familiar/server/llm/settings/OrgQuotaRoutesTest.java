package dev.familiar.server.llm.settings;

import static dev.familiar.server.llm.settings.TokenSettingsCalls.get;
import static dev.familiar.server.llm.settings.TokenSettingsCalls.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Organisation quotas (story 2.1) through {@code /api/admin/tokens/org-quotas}: set as the v1 route sets them (the
 * same use case), previewed against what the window already used, and listed page by page.
 */
class OrgQuotaRoutesTest {
    @TempDir
    static Path tempDir;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    static FamiliarServer server;
    static Identity identity;
    static Account admin;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        admin = identity.admin();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aQuotaSetHereIsTheOneTheV1RouteAndConsumeSee() throws Exception {
        String engineering = TokenSettingsCalls.tenant(server, admin, "Engineering");

        Answer set = put(server, "/org-quotas/" + engineering + "/openai", "{\"totalTokens\":200000}", admin);

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        JsonNode quota = set.json().path("data");
        assertThat(quota.path("orgId").asText()).isEqualTo(engineering);
        assertThat(quota.path("orgName").asText()).isEqualTo("Engineering");
        assertThat(quota.path("provider").asText()).isEqualTo("openai");
        assertThat(quota.path("totalTokens").asLong()).isEqualTo(200_000);
        assertThat(quota.path("usedTokens").asLong()).isZero();
        assertThat(quota.path("windowStart").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(quota.path("windowSeconds").asLong()).isEqualTo(31L * 86_400); // a calendar month from 2 March
        JsonNode v1 = HttpCalls.get(server.baseUrl() + "/api/v1/tokens/quota/org?orgId=" + engineering
                + "&provider=openai", admin.bearer()).json();
        assertThat(v1.path("totalTokens").asLong()).isEqualTo(200_000);
        assertThat(TenantLimitRoutesTest.auditOutcomes("tokens.org-quota.update", engineering, identity))
                .containsExactly("SUCCESS");
    }

    @Test
    void aPreviewCountsAQuotaThatWouldFallBelowWhatItsWindowUsed() throws Exception {
        String hr = TokenSettingsCalls.tenant(server, admin, "HR");
        Account employee = identity.userInTenant("hr-" + UUID.randomUUID().toString().substring(0, 6), hr);
        put(server, "/org-quotas/" + hr + "/qwen", "{\"totalTokens\":50000}", admin);
        assertThat(HttpCalls.post(server.baseUrl() + "/api/v1/tokens/consume", "{\"userId\":\"" + employee.userId()
                + "\",\"orgId\":\"" + hr + "\",\"provider\":\"qwen\",\"tokens\":300}", employee.bearer()).status())
                .isEqualTo(200);

        Answer preview = put(server, "/org-quotas/" + hr + "/qwen?preview=true", "{\"totalTokens\":100}", admin);

        JsonNode impact = preview.json().path("data");
        assertThat(impact.path("quotasExhausted").asLong()).isEqualTo(1);
        assertThat(impact.path("usersAffected").asLong()).isEqualTo(1);
        assertThat(impact.path("tenantsAffected").asLong()).isEqualTo(1);
        assertThat(impact.at("/lines/0/who").asText()).isEqualTo("organisation HR: 1 users");
        assertThat(impact.at("/lines/0/what").asText()).isEqualTo("qwen tokens per window");
        assertThat(impact.at("/lines/0/before").asText()).isEqualTo("50000 tokens");
        assertThat(impact.at("/lines/0/after").asText()).isEqualTo("100 tokens");
        JsonNode page = get(server, "/org-quotas?provider=qwen", admin).json().path("data");
        JsonNode row = null;
        for (JsonNode item : page.path("items")) {
            if (item.path("orgId").asText().equals(hr)) {
                row = item;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.path("totalTokens").asLong()).isEqualTo(50_000); // unchanged
        assertThat(row.path("usedTokens").asLong()).isEqualTo(300);
    }

    @Test
    void quotasArePagedByOrganisationThenProviderWithoutGapsOrRepeats() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String org = TokenSettingsCalls.tenant(server, admin, "Dept " + i);
            for (String provider : List.of("gemini", "openai")) {
                assertThat(put(server, "/org-quotas/" + org + "/" + provider, "{\"totalTokens\":" + (1000 + i) + "}",
                        admin).status()).isEqualTo(200);
            }
        }
        JsonNode all = get(server, "/org-quotas?limit=200", admin).json().path("data");
        all.path("items").forEach(i -> expected.add(i.path("orgId").asText() + "/" + i.path("provider").asText()));
        assertThat(expected).isSorted().hasSizeGreaterThanOrEqualTo(6);

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get(server, "/org-quotas?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), admin)
                    .json().path("data");
            page.path("items").forEach(i -> paged.add(i.path("orgId").asText() + "/" + i.path("provider").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 50);

        assertThat(paged).isEqualTo(expected);
        List<String> gemini = new ArrayList<>();
        get(server, "/org-quotas?provider=gemini&limit=200", admin).json().at("/data/items")
                .forEach(i -> gemini.add(i.path("provider").asText()));
        assertThat(gemini).hasSizeGreaterThanOrEqualTo(3).containsOnly("gemini");
    }

    @Test
    void anUnknownOrganisationIs404OnBothRoutes() {
        String nobody = UUID.randomUUID().toString();
        Answer admin404 = put(server, "/org-quotas/" + nobody + "/openai", "{\"totalTokens\":10}", admin);
        Answer v1 = HttpCalls.post(server.baseUrl() + "/api/v1/tokens/quota/org", "{\"orgId\":\"" + nobody
                + "\",\"provider\":\"openai\",\"totalTokens\":10}", admin.bearer());

        assertThat(admin404.status()).isEqualTo(404);
        assertThat(admin404.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(v1.status()).isEqualTo(404);
    }
}
