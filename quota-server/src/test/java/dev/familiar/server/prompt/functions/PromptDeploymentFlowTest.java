package dev.familiar.server.prompt.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's deployment story over HTTP on the echo provider (dry-run): deploy v1 → invoke → v2 adds a required
 * parameter → refused within major 1 (409 BREAKING_CHANGE listing it) → deployed as major 2 → a caller of major 1 is
 * still served by v1; a compatible v3 in major 1; rollback; and the approval rules (no approver role, own request, own
 * version) with every decision audited.
 */
@Tag("storage")
class PromptDeploymentFlowTest {
    static final String V1_PARAMS = "[{\"name\":\"name\",\"type\":\"string\",\"required\":true}]";
    static final String SETTINGS = "{\"provider\":\"openai\",\"maxTokens\":40,\"temperature\":0.2}";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static PromptApi api;
    static Account engineer;
    static Account engineer2;
    static Account admin;
    static Account admin2;
    static Account product;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        api = new PromptApi(server);
        engineer = api.user("engineer", Role.PROMPT_ENGINEER);
        engineer2 = api.user("engineer2", Role.PROMPT_ENGINEER);
        admin = api.identity().admin();
        admin2 = api.user("admin2", Role.ADMIN);
        product = api.identity().register("product-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aBreakingVersionBecomesANewMajorWhileTheOldMajorKeepsServingItsCallers() throws Exception {
        String fn = api.function(engineer, "greeting");
        JsonNode v1 = api.version(engineer, fn, "Hello {{name}}, welcome.", V1_PARAMS, SETTINGS);
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        assertThat(v1.path("changeClass").isNull()).isTrue();

        Answer requested = api.deploy(engineer, fn, 1, 1);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        assertThat(requested.json().at("/data/status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(requested.json().at("/data/requestedBy").asText()).as("a username, not an id")
                .isEqualTo(engineer.username());
        assertThat(requested.json().at("/data/decidedBy").isNull()).isTrue();
        String d1 = requested.json().at("/data/id").asText();
        assertThat(api.get(engineer, "/api/admin/prompt-deployments?status=PENDING_APPROVAL").json()
                .at("/data/items").findValuesAsText("id")).contains(d1);
        assertThat(api.invoke(product, fn, 1, "{\"name\":\"Ada\"}").status()).as("not active before approval")
                .isEqualTo(404);

        Answer noRole = api.approve(engineer2, fn, d1);
        assertThat(noRole.status()).as("a PROMPT_ENGINEER is not an approver by default").isEqualTo(403);
        Answer approved = api.approve(admin, fn, d1);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().at("/data/status").asText()).isEqualTo("ACTIVE");
        assertThat(approved.json().at("/data/decidedBy").asText()).isEqualTo(admin.username());
        assertThat(approved.json().at("/data/requestedBy").asText()).isEqualTo(engineer.username());

        Answer served = api.invoke(product, fn, 1, "{\"name\":\"Ada\"}");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.json().at("/data/output").asText()).isEqualTo("[dry-run echo from openai] Hello Ada, welcome.");
        assertThat(served.json().at("/data/version").asInt()).isEqualTo(1);
        assertThat(served.json().at("/data/provider").asText()).isEqualTo("openai");
        assertThat(served.json().at("/data/totalTokens").asLong()).isPositive();
        assertThat(served.header("X-RateLimit-Limit")).isNotBlank();

        // v2 adds a required parameter: MAJOR, refused within major 1
        JsonNode v2 = api.version(admin2, fn, "Hello {{name}} from {{city}}.", "[{\"name\":\"name\",\"type\":\"string\","
                + "\"required\":true},{\"name\":\"city\",\"type\":\"string\",\"required\":true}]", SETTINGS);
        assertThat(v2.path("changeClass").asText()).isEqualTo("MAJOR");
        assertThat(v2.path("createdBy").asText()).isEqualTo(admin2.username());
        assertThat(v2.path("breaking").findValuesAsText("parameter")).containsExactly("city");
        Answer refused = api.deploy(engineer, fn, 2, 1);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("BREAKING_CHANGE");
        assertThat(refused.json().at("/error/details/breaking").findValuesAsText("parameter")).containsExactly("city");
        assertThat(refused.json().at("/error/details/breaking").findValuesAsText("kind")).containsExactly("REQUIRED_ADDED");
        Answer skipped = api.deploy(engineer, fn, 2, 3);
        assertThat(skipped.status()).as("a new major must be the next number").isEqualTo(400);
        assertThat(skipped.json().at("/error/details/fields/major").asText()).contains("2");

        Answer major2 = api.deploy(engineer, fn, 2, 2);
        assertThat(major2.status()).as(major2.body()).isEqualTo(201);
        String d2 = major2.json().at("/data/id").asText();
        Answer ownVersion = api.approve(admin2, fn, d2);
        assertThat(ownVersion.status()).as("admin2 authored version 2").isEqualTo(403);
        assertThat(ownVersion.json().at("/error/message").asText()).contains("authored");
        assertThat(api.approve(admin, fn, d2).status()).isEqualTo(200);

        JsonNode catalog = api.get(product, "/api/v1/functions").json().at("/data/functions");
        List<String> majors = new ArrayList<>();
        catalog.forEach(e -> majors.add(e.path("name").asText() + "@" + e.path("major").asInt() + "=v" + e.path("version").asInt()));
        assertThat(majors).containsExactly("greeting@1=v1", "greeting@2=v2");
        assertThat(catalog.get(1).at("/parameters/required").toString()).contains("city");
        assertThat(catalog.get(0).at("/parameters/required").toString()).doesNotContain("city");

        assertThat(api.invoke(product, fn, 1, "{\"name\":\"Ada\"}").json().at("/data/output").asText())
                .as("a caller of major 1 is still served by v1").endsWith("Hello Ada, welcome.");
        Answer missingCity = api.invoke(product, fn, 2, "{\"name\":\"Ada\"}");
        assertThat(missingCity.status()).isEqualTo(400);
        assertThat(missingCity.json().at("/error/details/fields").has("parameters.city")).isTrue();
        assertThat(api.invoke(product, fn, 2, "{\"name\":\"Ada\",\"city\":\"Oslo\"}").json().at("/data/output").asText())
                .endsWith("Hello Ada from Oslo.");

        // v3 is compatible with major 1's v1 (text only), though MAJOR against v2 before it
        JsonNode v3 = api.version(engineer, fn, "Hi {{name}}!", V1_PARAMS, SETTINGS);
        assertThat(v3.path("changeClass").asText()).isEqualTo("MAJOR");
        assertThat(api.get(engineer, "/api/admin/prompt-functions/greeting/versions/3/classification?major=1").json()
                .at("/data/changeClass").asText()).isEqualTo("PATCH");
        Answer d3 = api.deploy(admin, fn, 3, 1);
        assertThat(d3.status()).isEqualTo(201);
        assertThat(d3.json().at("/data/changeClass").asText()).isEqualTo("PATCH");
        String d3id = d3.json().at("/data/id").asText();
        Answer ownRequest = api.approve(admin, fn, d3id);
        assertThat(ownRequest.status()).as("admin requested it").isEqualTo(403);
        assertThat(ownRequest.json().at("/error/message").asText()).contains("requested");
        assertThat(api.approve(admin2, fn, d3id).status()).isEqualTo(200);
        assertThat(api.invoke(product, fn, 1, "{\"name\":\"Ada\"}").json().at("/data/output").asText()).endsWith("Hi Ada!");

        // rollback: one step back to v1, then nothing left
        assertThat(api.rollback(engineer, fn, 1).status()).as("rolling back takes an approver").isEqualTo(403);
        Answer back = api.rollback(admin, fn, 1);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().at("/data/id").asText()).isEqualTo(d1);
        assertThat(back.json().at("/data/status").asText()).isEqualTo("ACTIVE");
        assertThat(back.json().at("/data/requestedBy").asText()).isEqualTo(engineer.username());
        assertThat(back.json().at("/data/decidedBy").asText()).isEqualTo(admin.username());
        assertThat(api.invoke(product, fn, 1, "{\"name\":\"Ada\"}").json().at("/data/output").asText())
                .endsWith("Hello Ada, welcome.");
        Answer nothing = api.rollback(admin, fn, 1);
        assertThat(nothing.status()).isEqualTo(409);
        assertThat(api.rollback(admin, fn, 7).status()).isEqualTo(404);

        JsonNode deployments = api.get(engineer, "/api/admin/prompt-functions/greeting/deployments").json().at("/data/items");
        List<String> states = new ArrayList<>();
        deployments.forEach(d -> states.add("v" + d.path("version").asInt() + "@" + d.path("major").asInt() + ":"
                + d.path("status").asText()));
        assertThat(states).containsExactlyInAnyOrder("v1@1:ACTIVE", "v2@2:ACTIVE", "v3@1:ROLLED_BACK");
        assertThat(deployments.findValuesAsText("requestedBy")).containsExactlyInAnyOrder(engineer.username(),
                engineer.username(), admin.username());
        assertThat(deployments.findValuesAsText("decidedBy")).containsExactlyInAnyOrder(admin.username(),
                admin.username(), admin2.username());
        JsonNode function = api.get(engineer, "/api/admin/prompt-functions/greeting").json().path("data");
        assertThat(function.path("createdBy").asText()).isEqualTo(engineer.username());
        assertThat(api.get(engineer, "/api/admin/prompt-functions/greeting/versions/1").json().at("/data/createdBy")
                .asText()).isEqualTo(engineer.username());
        assertThat(function.path("latestVersion").asInt()).isEqualTo(3);
        assertThat(function.path("active").findValuesAsText("version")).containsExactly("1", "2");

        assertThat(auditActions()).contains("prompt.function.create", "prompt.version.create",
                "prompt.deployment.request", "prompt.deployment.approve", "prompt.deployment.rollback");
        assertThat(auditOutcomes("prompt.deployment.approve")).contains("DENIED", "SUCCESS");
        assertThat(auditOutcomes("prompt.deployment.request")).contains("FAILURE", "SUCCESS");
    }

    @Test
    void aRejectedDeploymentNeverBecomesActiveAndCannotBeApprovedAfterwards() {
        String fn = api.function(engineer, "rejected-one");
        api.version(engineer, fn, "Say {{word}}", "[{\"name\":\"word\",\"type\":\"string\",\"required\":true}]", null);
        String id = api.deploy(engineer, fn, 1, 1).json().at("/data/id").asText();
        assertThat(api.post(engineer2, "/api/admin/prompt-functions/" + fn + "/deployments/" + id + "/reject", null)
                .status()).as("neither approver nor requester").isEqualTo(403);
        Answer rejected = api.post(admin, "/api/admin/prompt-functions/" + fn + "/deployments/" + id + "/reject", null);
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().at("/data/status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.json().at("/data/decidedBy").asText()).isEqualTo(admin.username());
        assertThat(api.approve(admin2, fn, id).status()).isEqualTo(409);
        assertThat(api.invoke(product, fn, 1, "{\"word\":\"hi\"}").status()).isEqualTo(404);
    }

    @Test
    void theLabStatusSaysApprovalIsRequiredAndWhoApproves() {
        Answer status = api.get(engineer, "/api/admin/prompt-lab/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().at("/data/approvalRequired").asBoolean()).isTrue();
        assertThat(status.json().at("/data/approverRoles").toString()).isEqualTo("[\"ADMIN\"]");
        assertThat(status.json().at("/data/providers").findValuesAsText("name")).contains("openai", "qwen", "gemini");
        assertThat(status.json().at("/data/providers").findValuesAsText("dryRun")).containsOnly("true");
        assertThat(api.get(product, "/api/admin/prompt-lab/status").status()).as("a USER").isEqualTo(403);
    }

    private static List<String> auditActions() throws Exception {
        return column("SELECT action FROM audit_log WHERE action LIKE 'prompt.%'");
    }

    private static List<String> auditOutcomes(String action) throws Exception {
        return column("SELECT outcome FROM audit_log WHERE action = '" + action + "'");
    }

    private static List<String> column(String sql) throws Exception {
        try (Connection c = api.identity().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
