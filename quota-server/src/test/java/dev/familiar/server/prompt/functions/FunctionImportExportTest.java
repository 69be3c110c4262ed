package dev.familiar.server.prompt.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying from a desktop: a function's history exported from one server (the console's embedded one) and imported
 * into another (the team's): the versions travel with their classes and their authors' usernames (kept as given
 * when the author is no user of the target), a repeated import changes nothing,
 * a version number the target holds with other content is a 409 and nothing is imported, and the target's
 * compatibility check runs against its own live versions.
 */
@Tag("storage")
class FunctionImportExportTest {
    static final String PARAMS = "[{\"name\":\"who\",\"type\":\"string\",\"required\":true}]";
    static final String PARAMS_OPTIONAL = "[{\"name\":\"who\",\"type\":\"string\",\"required\":true},"
            + "{\"name\":\"tone\",\"type\":\"enum\",\"required\":false,\"default\":\"warm\",\"values\":[\"warm\",\"dry\"]}]";
    @TempDir
    static Path desktopDir;
    @TempDir
    static Path teamDir;
    static FamiliarServer desktop;
    static FamiliarServer team;
    static PromptApi onDesktop;
    static PromptApi onTeam;
    static Account desktopAdmin;
    static Account desktopEngineer;
    static Account teamEngineer;
    static Account teamAdmin;

    @BeforeAll
    static void start() throws Exception {
        desktop = TestServers.start(desktopDir);
        team = TestServers.start(teamDir);
        onDesktop = new PromptApi(desktop);
        onTeam = new PromptApi(team);
        desktopAdmin = onDesktop.identity().admin();
        desktopEngineer = onDesktop.user("desk-engineer", Role.PROMPT_ENGINEER);
        teamEngineer = onTeam.user("team-engineer", Role.PROMPT_ENGINEER);
        teamAdmin = onTeam.identity().admin();
    }

    @AfterAll
    static void stop() {
        desktop.stop();
        team.stop();
    }

    @Test
    void aHistoryExportedFromOneServerImportsIdenticallyAndIdempotentlyIntoAnother() {
        String fn = onDesktop.function(desktopAdmin, "travel");
        onDesktop.version(desktopAdmin, fn, "Greet {{who}}.", PARAMS, "{\"maxTokens\":30}");
        onDesktop.version(desktopAdmin, fn, "Greet {{who}} in a {{tone}} way.", PARAMS_OPTIONAL, "{\"maxTokens\":30}");
        onDesktop.version(desktopEngineer, fn, "Greet {{who}} in a {{tone}} way!", PARAMS_OPTIONAL, "{\"maxTokens\":30}");
        Answer exported = onDesktop.get(desktopAdmin, "/api/admin/prompt-functions/travel/export");
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.json().at("/data/versions").findValuesAsText("createdBy")).as("usernames, not ids")
                .containsExactly(desktopAdmin.username(), desktopAdmin.username(), desktopEngineer.username());
        String history = exported.json().path("data").toString();

        Answer imported = onTeam.post(teamEngineer, "/api/admin/prompt-functions/import", history);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().at("/data/imported").asInt()).isEqualTo(3);
        assertThat(imported.json().at("/data/unchanged").asInt()).isZero();
        JsonNode there = onTeam.get(teamEngineer, "/api/admin/prompt-functions/travel/export").json().path("data");
        assertThat(there).as("templates, hashes, classes, authors and times travel unchanged")
                .isEqualTo(exported.json().path("data"));
        assertThat(there.at("/versions/1/changeClass").asText()).isEqualTo("MINOR");
        assertThat(there.at("/versions/2/changeClass").asText()).isEqualTo("PATCH");
        assertThat(onTeam.get(teamEngineer, "/api/admin/prompt-functions/travel/versions/3").json()
                .at("/data/createdBy").asText()).as("no such user on the team's server: the name as exported")
                .isEqualTo(desktopEngineer.username());

        Answer again = onTeam.post(teamEngineer, "/api/admin/prompt-functions/import", history);
        assertThat(again.json().at("/data/imported").asInt()).isZero();
        assertThat(again.json().at("/data/unchanged").asInt()).isEqualTo(3);

        // the target's own live versions decide compatibility: v1 active there, v3 is MINOR against it
        String id = onTeam.deploy(teamEngineer, fn, 1, 1).json().at("/data/id").asText();
        assertThat(onTeam.approve(teamAdmin, fn, id).status()).isEqualTo(200);
        Answer v3 = onTeam.deploy(teamEngineer, fn, 3, 1);
        assertThat(v3.status()).as(v3.body()).isEqualTo(201);
        assertThat(v3.json().at("/data/changeClass").asText()).isEqualTo("MINOR");
    }

    @Test
    void aVersionNumberHeldWithOtherContentIsAConflictAndNothingIsImported() {
        String fn = onTeam.function(teamEngineer, "diverged");
        onTeam.version(teamEngineer, fn, "Team's own {{who}}.", PARAMS, null);
        String desktopFn = onDesktop.function(desktopAdmin, "diverged");
        onDesktop.version(desktopAdmin, desktopFn, "Desktop's {{who}}.", PARAMS, null);
        onDesktop.version(desktopAdmin, desktopFn, "Desktop's second {{who}}.", PARAMS, null);
        String history = onDesktop.get(desktopAdmin, "/api/admin/prompt-functions/diverged/export").json().path("data")
                .toString();

        Answer conflict = onTeam.post(teamEngineer, "/api/admin/prompt-functions/import", history);

        assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.json().at("/error/code").asText()).isEqualTo("CONFLICT");
        assertThat(onTeam.get(teamEngineer, "/api/admin/prompt-functions/diverged").json().at("/data/latestVersion").asInt())
                .as("version 2 was not imported either").isEqualTo(1);
    }

    @Test
    void anImportThatSkipsAVersionNumberIsRefused() {
        String desktopFn = onDesktop.function(desktopAdmin, "gappy");
        onDesktop.version(desktopAdmin, desktopFn, "One {{who}}.", PARAMS, null);
        onDesktop.version(desktopAdmin, desktopFn, "Two {{who}}.", PARAMS, null);
        ObjectNode history = (ObjectNode) onDesktop.get(desktopAdmin, "/api/admin/prompt-functions/gappy/export").json()
                .path("data");
        ((com.fasterxml.jackson.databind.node.ArrayNode) history.get("versions")).remove(0);

        Answer gap = onTeam.post(teamEngineer, "/api/admin/prompt-functions/import", history.toString());

        assertThat(gap.status()).as(gap.body()).isEqualTo(400);
        assertThat(gap.json().at("/error/details/problems/0/message").asText()).contains("version 2");
    }
}
