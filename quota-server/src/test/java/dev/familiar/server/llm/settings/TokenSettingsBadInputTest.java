package dev.familiar.server.llm.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code /api/admin/tokens/*}: each is a 400 VALIDATION_FAILED naming the field (never a 500), and
 * changes nothing (the tiers and limits read afterwards are as before).
 */
class TokenSettingsBadInputTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static Account tenantAdmin;
    static String tenant;
    static String tiersBefore;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        Identity identity = new Identity(server);
        admin = identity.admin();
        tenant = TokenSettingsCalls.tenant(server, admin, "Bad Inputs");
        tenantAdmin = identity.userInTenant("bad-input-admin", tenant, Role.TENANT_ADMIN);
        tiersBefore = TokenSettingsCalls.get(server, "/tiers", admin).json().path("data").toString();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static final String GOOD_TIER = "{\"priority\":1,\"quotaMaxTokens\":10,\"capacityMultiplier\":1,\"leakMultiplier\":1}";

    static Stream<Arguments> badInputs() {
        String t = "/tenant-limits/";
        String org = "/org-quotas/" + UUID.randomUUID() + "/openai";
        return Stream.of(
                Arguments.of("PUT", "/tiers/lower", GOOD_TIER, "name"),
                Arguments.of("PUT", "/tiers/A_NAME_OF_MORE_THAN_20", GOOD_TIER, "name"),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":3,\"quotaMaxTokens\":0,\"capacityMultiplier\":1,"
                        + "\"leakMultiplier\":1}", "quotaMaxTokens"),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":3,\"quotaMaxTokens\":1000000000001,"
                        + "\"capacityMultiplier\":1,\"leakMultiplier\":1}", "quotaMaxTokens"),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":-1,\"quotaMaxTokens\":10,\"capacityMultiplier\":1,"
                        + "\"leakMultiplier\":1}", "priority"),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":3,\"quotaMaxTokens\":10,\"capacityMultiplier\":0,"
                        + "\"leakMultiplier\":1}", "capacityMultiplier"),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":3,\"quotaMaxTokens\":10,\"capacityMultiplier\":1,"
                        + "\"leakMultiplier\":100.5}", "leakMultiplier"),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":3,\"quotaMaxTokens\":\"many\",\"capacityMultiplier\":1,"
                        + "\"leakMultiplier\":1}", null),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":3.5,\"quotaMaxTokens\":10,\"capacityMultiplier\":1,"
                        + "\"leakMultiplier\":1}", null),
                Arguments.of("PUT", "/tiers/GOLD", "{\"priority\":3}", null),
                Arguments.of("PUT", "/tiers/GOLD", "not json", null),
                Arguments.of("PUT", "/tiers/GOLD", "null", "$"),
                Arguments.of("PUT", "/tiers/GOLD?preview=maybe", GOOD_TIER, "preview"),
                Arguments.of("PUT", "/tiers", "{\"defaultTier\":\"GOLD\",\"tiers\":[]}", "tiers"),
                Arguments.of("PUT", "/tiers", "{\"defaultTier\":\"GOLD\"}", "tiers"),
                Arguments.of("PUT", "/tiers", "{\"defaultTier\":\"NONE\",\"tiers\":[{\"name\":\"GOLD\",\"priority\":3,"
                        + "\"quotaMaxTokens\":10,\"capacityMultiplier\":1,\"leakMultiplier\":1}]}", "defaultTier"),
                Arguments.of("PUT", "/tiers", "{\"defaultTier\":\"GOLD\",\"tiers\":[{\"name\":\"GOLD\",\"priority\":3,"
                        + "\"quotaMaxTokens\":10,\"capacityMultiplier\":1,\"leakMultiplier\":1},{\"name\":\"GOLD\","
                        + "\"priority\":4,\"quotaMaxTokens\":10,\"capacityMultiplier\":1,\"leakMultiplier\":1}]}",
                        "tiers[1].name"),
                Arguments.of("PUT", "/tiers", "{\"defaultTier\":\"GOLD\",\"tiers\":[null]}", "tiers[0]"),
                Arguments.of("PUT", "/tiers", "{\"defaultTier\":\"GOLD\",\"tiers\":[{\"name\":\"gold\",\"priority\":3,"
                        + "\"quotaMaxTokens\":10,\"capacityMultiplier\":1,\"leakMultiplier\":1}]}", "tiers[0].name"),
                Arguments.of("PUT", t + "TENANT", "{\"capacity\":0,\"windowSeconds\":60}", "capacity"),
                Arguments.of("PUT", t + "TENANT", "{\"capacity\":100000001,\"windowSeconds\":60}", "capacity"),
                Arguments.of("PUT", t + "TENANT", "{\"capacity\":10,\"windowSeconds\":0}", "windowSeconds"),
                Arguments.of("PUT", t + "TENANT", "{\"capacity\":10,\"windowSeconds\":86401}", "windowSeconds"),
                Arguments.of("PUT", t + "TENANT", "{\"capacity\":10}", null),
                Arguments.of("PUT", t + "TENANT", "{\"capacity\":10,\"windowSeconds\":60,\"extra\":1}", null),
                Arguments.of("PUT", t + "bad%20id", "{\"capacity\":10,\"windowSeconds\":60}", "tenantId"),
                Arguments.of("GET", t + "x".repeat(65), null, "tenantId"),
                Arguments.of("PUT", org, "{\"totalTokens\":-1}", "totalTokens"),
                Arguments.of("PUT", org, "{\"totalTokens\":1000000000001}", "totalTokens"),
                Arguments.of("PUT", "/org-quotas/not-a-uuid/openai", "{\"totalTokens\":1}", "orgId"),
                Arguments.of("PUT", "/org-quotas/" + UUID.randomUUID() + "/claude", "{\"totalTokens\":1}", "provider"),
                Arguments.of("GET", "/org-quotas?limit=0", null, "limit"),
                Arguments.of("GET", "/org-quotas?limit=201", null, "limit"),
                Arguments.of("GET", "/org-quotas?limit=ten", null, "limit"),
                Arguments.of("GET", "/org-quotas?cursor=%%%", null, null), // the URI itself is refused
                Arguments.of("GET", "/org-quotas?cursor=bm90LWEtY3Vyc29y", null, "cursor"),
                Arguments.of("GET", "/org-quotas?provider=claude", null, "provider"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badInputs")
    void badInputIsA400NamingTheFieldAndChangesNothing(String method, String path, String body, String field) {
        for (Account as : new Account[] {admin, tenantAdmin}) {
            if (as == tenantAdmin && !path.startsWith("/tenant-limits/")) {
                continue;
            }
            String p = path.replace("TENANT", tenant);
            Answer a = TokenSettingsCalls.send(server, p, method, body, as.bearer());

            assertThat(a.status()).as("%s %s %s", method, p, a.body()).isEqualTo(400);
            assertThat(a.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
            if (field != null) {
                assertThat(a.json().at("/error/details/fields").has(field)).as(a.body()).isTrue();
            }
        }
        assertThat(TokenSettingsCalls.get(server, "/tiers", admin).json().path("data").toString()).isEqualTo(tiersBefore);
        assertThat(TokenSettingsCalls.get(server, "/tenant-limits/" + tenant, admin).json().at("/data/custom")
                .asBoolean()).isFalse();
    }
}
