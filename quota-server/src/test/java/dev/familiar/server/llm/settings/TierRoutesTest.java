package dev.familiar.server.llm.settings;

import static dev.familiar.server.llm.settings.TokenSettingsCalls.consume;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiers as data ({@code /api/admin/tokens/tiers}) on a real server with a clock that stands still: the seeded set,
 * a change that applies to the next consume here, a lowered maximum that moves its users' quota totals (previewed
 * first), and a replacement that may not drop a tier users are on or the default.
 */
class TierRoutesTest {
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

    static Account user(String tier) throws Exception {
        Account user = identity.register("u-" + UUID.randomUUID().toString().substring(0, 8));
        if (tier != null) {
            TokenSettingsCalls.tier(server, admin, user, tier);
        }
        return user;
    }

    @Test
    void theTiersAreSeededFromTheEnvironmentsDefaultsWithTheUsersOnEach() throws Exception {
        JsonNode tiers = get(server, "/tiers", admin).json().path("data");

        assertThat(tiers.path("defaultTier").asText()).isEqualTo("BRONZE");
        assertThat(tiers.path("refreshSeconds").asInt()).isEqualTo(5);
        List<String> rows = new ArrayList<>();
        tiers.path("tiers").forEach(t -> rows.add(t.path("name").asText() + " " + t.path("priority").asInt() + " "
                + t.path("quotaMaxTokens").asLong() + " x" + t.path("capacityMultiplier").asDouble() + " x"
                + t.path("leakMultiplier").asDouble()));
        assertThat(rows).startsWith("FREE 0 100 x0.5 x0.5", "BRONZE 1 1000 x1.0 x1.0", "SILVER 2 10000 x1.0 x1.0",
                "GOLD 3 100000 x1.0 x1.0");
        JsonNode bronze = get(server, "/tiers/BRONZE", admin).json().path("data");
        assertThat(bronze.path("users").asLong()).isPositive(); // the administrator, without a tier row
        assertThat(get(server, "/tiers/NOPE", admin).status()).isEqualTo(404);
    }

    @Test
    void aTiersNewMultipliersApplyToTheNextConsumeOnThisServer() throws Exception {
        put(server, "/tiers/COPPER", "{\"priority\":7,\"quotaMaxTokens\":50000,\"capacityMultiplier\":1,"
                + "\"leakMultiplier\":1}", admin);
        Account user = user("COPPER");
        assertThat(consume(server, user, 300).header("X-RateLimit-Limit")).isEqualTo("1000");

        Answer changed = put(server, "/tiers/COPPER", "{\"priority\":7,\"quotaMaxTokens\":50000,"
                + "\"capacityMultiplier\":0.5,\"leakMultiplier\":2}", admin);

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().at("/data/capacityMultiplier").asDouble()).isEqualTo(0.5);
        assertThat(changed.json().at("/data/users").asLong()).isEqualTo(1);
        Answer next = consume(server, user, 300); // 300 + 300 > 500
        assertThat(next.status()).isEqualTo(429);
        assertThat(next.header("X-RateLimit-Limit")).isEqualTo("500");
    }

    @Test
    void loweringATiersMaximumIsPreviewedThenMovesItsUsersQuotaTotals() throws Exception {
        put(server, "/tiers/TIN", "{\"priority\":8,\"quotaMaxTokens\":5000,\"capacityMultiplier\":1,"
                + "\"leakMultiplier\":1}", admin);
        Account heavy = user("TIN");
        Account light = user("TIN");
        assertThat(consume(server, heavy, 400).status()).isEqualTo(200);
        assertThat(consume(server, light, 10).status()).isEqualTo(200);
        String body = "{\"priority\":8,\"quotaMaxTokens\":300,\"capacityMultiplier\":1,\"leakMultiplier\":1}";

        Answer preview = put(server, "/tiers/TIN?preview=true", body, admin);

        assertThat(preview.status()).isEqualTo(200);
        JsonNode impact = preview.json().path("data");
        assertThat(impact.path("usersAffected").asLong()).isEqualTo(2);
        assertThat(impact.path("quotasExhausted").asLong()).isEqualTo(1); // heavy used 400 > 300
        assertThat(impact.at("/lines/0/who").asText()).isEqualTo("tier TIN: 2 users");
        assertThat(impact.at("/lines/0/what").asText()).isEqualTo("quota per window");
        assertThat(impact.at("/lines/0/before").asText()).isEqualTo("5000 tokens");
        assertThat(impact.at("/lines/0/after").asText()).isEqualTo("300 tokens");
        assertThat(quotaTotal(light)).isEqualTo(5000); // nothing changed
        assertThat(get(server, "/tiers/TIN", admin).json().at("/data/quotaMaxTokens").asLong()).isEqualTo(5000);

        assertThat(put(server, "/tiers/TIN", body, admin).status()).isEqualTo(200);

        assertThat(quotaTotal(light)).isEqualTo(300);
        assertThat(quotaTotal(heavy)).isEqualTo(300);
        assertThat(consume(server, light, 300).status()).isEqualTo(402); // 10 + 300 > 300
        assertThat(HttpCalls.get(server.baseUrl() + "/api/v1/tokens/tier?userId=" + light.userId(), admin.bearer())
                .json().path("quotaMaxTokens").asLong()).isEqualTo(300);
        assertThat(auditActions()).contains("tokens.tiers.update");
    }

    @Test
    void aReplacementMayNotDropATierUsersAreOnNorTheDefault() throws Exception {
        user("GOLD");
        JsonNode current = get(server, "/tiers", admin).json().path("data");
        String withoutGold = set("BRONZE", current, "GOLD", null);
        String withoutBronze = set("SILVER", current, "BRONZE", null);

        Answer gold = put(server, "/tiers", withoutGold, admin);
        Answer bronze = put(server, "/tiers", withoutBronze, admin);

        assertThat(gold.status()).isEqualTo(409);
        assertThat(gold.json().at("/error/code").asText()).isEqualTo("TIER_IN_USE");
        assertThat(gold.json().at("/error/details/tier").asText()).isEqualTo("GOLD");
        assertThat(gold.json().at("/error/message").asText()).contains("GOLD").contains("users are on it");
        assertThat(bronze.status()).isEqualTo(409);
        assertThat(bronze.json().at("/error/details/defaultTier").asBoolean()).isTrue();
        assertThat(bronze.json().at("/error/message").asText()).contains("default tier");
        assertThat(get(server, "/tiers", admin).json().path("data")).isEqualTo(current);
    }

    @Test
    void aReplacementDropsAnUnusedTierAndAddsOne() throws Exception {
        put(server, "/tiers/SPARE", "{\"priority\":9,\"quotaMaxTokens\":10,\"capacityMultiplier\":1,"
                + "\"leakMultiplier\":1}", admin);
        JsonNode current = get(server, "/tiers", admin).json().path("data");
        String body = set("BRONZE", current, "SPARE",
                "{\"name\":\"PLATINUM\",\"priority\":5,\"quotaMaxTokens\":20000000,\"capacityMultiplier\":2,"
                        + "\"leakMultiplier\":2}");

        Answer preview = put(server, "/tiers?preview=true", body, admin);
        Answer replaced = put(server, "/tiers", body, admin);

        List<String> lines = new ArrayList<>();
        preview.json().at("/data/lines").forEach(l -> lines.add(l.path("who").asText() + " | " + l.path("after").asText()));
        assertThat(lines).contains("tier PLATINUM: new | priority 5, 20000000 tokens per window, capacity ×2, leak ×2",
                "tier SPARE: 0 users | removed");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        replaced.json().at("/data/tiers").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).contains("PLATINUM").doesNotContain("SPARE");
        Account user = user("PLATINUM");
        assertThat(consume(server, user, 10).header("X-RateLimit-Limit")).isEqualTo("2000");
    }

    /** The current set as a PUT body: without {@code drop}, with {@code add} (JSON) when given. */
    static String set(String defaultTier, JsonNode current, String drop, String add) {
        List<String> tiers = new ArrayList<>();
        current.path("tiers").forEach(t -> {
            if (!t.path("name").asText().equals(drop)) {
                tiers.add("{\"name\":\"" + t.path("name").asText() + "\",\"priority\":" + t.path("priority").asInt()
                        + ",\"quotaMaxTokens\":" + t.path("quotaMaxTokens").asLong() + ",\"capacityMultiplier\":"
                        + t.path("capacityMultiplier").asDouble() + ",\"leakMultiplier\":"
                        + t.path("leakMultiplier").asDouble() + "}");
            }
        });
        if (add != null) {
            tiers.add(add);
        }
        return "{\"defaultTier\":\"" + defaultTier + "\",\"tiers\":[" + String.join(",", tiers) + "]}";
    }

    static long quotaTotal(Account user) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/tokens/quota?userId=" + user.userId() + "&provider=openai",
                admin.bearer()).json().path("totalTokens").asLong();
    }

    static List<String> auditActions() throws Exception {
        List<String> actions = new ArrayList<>();
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT action FROM audit_log WHERE action LIKE 'tokens.%'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                actions.add(rs.getString(1));
            }
        }
        return actions;
    }
}
