package dev.familiar.server.prompt.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals racing on one major, for real (two threads released together, several rounds): whatever the order, the
 * major ends with exactly one ACTIVE deployment and deployed_function points at it; one deployment approved twice at
 * once is activated once (the other approval is a 409).
 */
@Tag("storage")
class DeploymentRaceTest {
    static final int ROUNDS = 6;
    static final String PARAMS = "[{\"name\":\"topic\",\"type\":\"string\",\"required\":true}]";
    /** A small completion cap, so the rounds stay within the default tier's daily quota. */
    static final String SMALL = "{\"maxTokens\":10}";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static PromptApi api;
    static Account engineer;
    static Account adminA;
    static Account adminB;
    static Account product;
    static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        api = new PromptApi(server);
        engineer = api.user("race-engineer", Role.PROMPT_ENGINEER);
        adminA = api.user("race-admin-a", Role.ADMIN);
        adminB = api.user("race-admin-b", Role.ADMIN);
        product = api.identity().register("race-product");
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        server.stop();
    }

    @Test
    void twoDeploymentsOfOneMajorApprovedAtOnceLeaveExactlyOneActive() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String fn = api.function(engineer, "race-two-" + round);
            api.version(engineer, fn, "About {{topic}}.", PARAMS, SMALL);
            approve(adminA, fn, api.deploy(engineer, fn, 1, 1));
            api.version(engineer, fn, "Tell me about {{topic}}.", PARAMS, SMALL);
            api.version(engineer, fn, "Explain {{topic}}.", PARAMS, SMALL);
            String d2 = api.deploy(engineer, fn, 2, 1).json().at("/data/id").asText();
            String d3 = api.deploy(engineer, fn, 3, 1).json().at("/data/id").asText();

            List<Answer> answers = race(() -> api.approve(adminA, fn, d2), () -> api.approve(adminB, fn, d3));

            assertThat(answers).extracting(Answer::status).as("both are PATCH: each is approved in turn").containsOnly(200);
            JsonNode items = api.get(engineer, "/api/admin/prompt-functions/" + fn + "/deployments").json().at("/data/items");
            List<JsonNode> active = new ArrayList<>();
            items.forEach(d -> {
                if (d.path("status").asText().equals("ACTIVE")) {
                    active.add(d);
                }
            });
            assertThat(active).as("round %d: %s", round, items).hasSize(1);
            assertThat(items.findValuesAsText("status")).containsExactlyInAnyOrder("ACTIVE", "SUPERSEDED", "SUPERSEDED");
            int activeVersion = active.get(0).path("version").asInt();
            JsonNode function = api.get(engineer, "/api/admin/prompt-functions/" + fn).json().path("data");
            assertThat(function.at("/active/0/deploymentId").asText()).isEqualTo(active.get(0).path("id").asText());
            assertThat(api.invoke(product, fn, 1, "{\"topic\":\"tides\"}").json().at("/data/version").asInt())
                    .isEqualTo(activeVersion);
        }
    }

    @Test
    void oneDeploymentApprovedTwiceAtOnceIsActivatedOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String fn = api.function(engineer, "race-same-" + round);
            api.version(engineer, fn, "About {{topic}}.", PARAMS, SMALL);
            String id = api.deploy(engineer, fn, 1, 1).json().at("/data/id").asText();

            List<Answer> answers = race(() -> api.approve(adminA, fn, id), () -> api.approve(adminB, fn, id));

            assertThat(answers).extracting(Answer::status).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            JsonNode items = api.get(engineer, "/api/admin/prompt-functions/" + fn + "/deployments").json().at("/data/items");
            assertThat(items.findValuesAsText("status")).containsExactly("ACTIVE");
        }
    }

    private static void approve(Account who, String fn, Answer requested) {
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        Answer a = api.approve(who, fn, requested.json().at("/data/id").asText());
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    private static List<Answer> race(Callable<Answer> first, Callable<Answer> second) throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (Callable<Answer> call : List.of(first, second)) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return call.call();
            }));
        }
        ready.await();
        go.countDown();
        List<Answer> out = new ArrayList<>();
        for (Future<Answer> f : futures) {
            out.add(f.get());
        }
        return out;
    }
}
