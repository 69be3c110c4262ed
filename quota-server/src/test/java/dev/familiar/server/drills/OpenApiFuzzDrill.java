package dev.familiar.server.drills;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import dev.familiar.server.drills.FuzzRequest.Outcome;
import dev.familiar.server.drills.ResponseCheck.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Drill: schema-driven fuzzing of every operation of {@code /openapi.json} against the real server on H2, as every
 * kind of caller, so validation behind authentication is reached. Each try is one request: valid-ish parameters and
 * body from the operation's schemas, then at most one mutation (wrong types, missing and extra fields, edge numbers,
 * odd strings, nesting, duplicate keys, malformed bodies, content types, odd paths, queries and headers, other
 * methods, oversized bodies). Every answer must be below 500, documented, of the documented content type and in
 * the documented shape ({@link ResponseCheck}); afterwards the server must be ready and still serve normal requests.
 *
 * <p>Run: {@code ./mvnw -B -pl quota-server -am test -Dtest=OpenApiFuzzDrill -Dsurefire.failIfNoSpecifiedTests=false}.
 * System properties: {@code fuzz.requests} (default 10,000), {@code fuzz.seed} (replays a run), {@code fuzz.survey=true}
 * (do not stop at the first finding: send every request, then fail listing each distinct finding once). Without
 * survey, the first finding fails the property, jqwik shrinks the request and prints it with the seed.
 * The summary goes to standard output and {@code openapi-fuzz-summary.txt} in {@code familiar.drills.dir}
 * ({@code target/drills} by default).
 */
@Tag("drill")
class OpenApiFuzzDrill {
    static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    static final String SEED = System.getProperty("fuzz.seed", "");
    static final boolean SURVEY = Boolean.getBoolean("fuzz.survey");

    static Path dataDir;
    static FamiliarServer server;
    static FuzzWorld world;
    static OpenApiModel model;
    static ResponseCheck check;
    static FuzzTally tally;

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("openapi-fuzz-drill");
        server = TestServers.start(dataDir);
        world = new FuzzWorld(server);
        model = OpenApiModel.read(HttpCalls.get(server.baseUrl() + "/openapi.json").json());
        check = new ResponseCheck(model, server.baseUrl());
        tally = new FuzzTally();
    }

    @AfterContainer
    static void stop() throws IOException {
        if (server != null) {
            server.stop();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property(shrinking = ShrinkingMode.BOUNDED, afterFailure = AfterFailureMode.RANDOM_SEED)
    @AddLifecycleHook(Run.class)
    void everyAnswerIsBelow500DocumentedAndInItsRoutesShape(@ForAll("requests") FuzzRequest request) {
        Outcome outcome = request.send(server.baseUrl());
        List<Finding> findings = check.check(request, outcome);
        tally.record(request, outcome, findings);
        if (!SURVEY && !findings.isEmpty()) {
            throw new AssertionError(findings.size() + " finding(s):\n" + String.join("\n",
                    findings.stream().map(Finding::toString).toList()) + "\n  answer: " + outcome.contentType() + " "
                    + FuzzRequest.abbreviate(FuzzRequest.printable(outcome.body()), 300));
        }
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return new RequestArbitraries(model, world).requests();
    }

    /** Sets tries and seed from system properties; after the run checks health and reports. */
    static final class Run implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(REQUESTS);
            if (!SEED.isBlank()) {
                context.attributes().setSeed(SEED);
            }
            PropertyExecutionResult result = property.execute();
            List<String> failures = new ArrayList<>();
            try {
                failures.addAll(healthAfterwards());
            } catch (RuntimeException e) {
                failures.add("the health check failed: " + e);
            }
            if (SURVEY && !tally.findings().isEmpty()) {
                failures.add(tally.findings().size() + " distinct finding(s), listed in the summary");
            }
            if (tally.requests() < REQUESTS && result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
                failures.add("only " + tally.requests() + " of " + REQUESTS + " requests were sent");
            }
            String summary = tally.summary(result.seed().orElse(SEED)) + (failures.isEmpty() ? ""
                    : "after the run: " + String.join("; ", failures) + "\n");
            System.out.println(summary);
            writeSummary(summary);
            if (!failures.isEmpty() && result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
                return result.mapToFailed(summary);
            }
            return result;
        }
    }

    /** The server is ready and still answers normal requests of three kinds of caller. */
    static List<String> healthAfterwards() {
        List<String> problems = new ArrayList<>();
        String base = server.baseUrl();
        // connections idle since the set-up may have been closed by the server: not what is being checked
        HttpCalls.client().connectionPool().evictAll();
        expect(problems, "GET /health/ready", HttpCalls.get(base + "/health/ready"), 200);
        expect(problems, "POST /api/diag/smoke", HttpCalls.post(base + "/api/diag/smoke", "{\"iterations\":3}"), 200);
        expect(problems, "GET /api/v1/tokens/tier as USER",
                HttpCalls.get(base + "/api/v1/tokens/tier?userId=" + world.user.userId(), world.user.bearer()), 200);
        expect(problems, "GET /api/v1/auth/api-keys with the API key",
                HttpCalls.get(base + "/api/v1/auth/api-keys?userId=" + world.user.userId(),
                        Map.of("X-Api-Key", world.apiKey)), 200);
        expect(problems, "GET /api/admin/catalog/plans as ADMIN",
                HttpCalls.get(base + "/api/admin/catalog/plans", world.admin.bearer()), 200);
        return problems;
    }

    private static void expect(List<String> problems, String what, Answer answer, int status) {
        if (answer.status() != status) {
            problems.add(what + " answered " + answer.status() + " " + FuzzRequest.abbreviate(answer.body(), 200));
        }
    }

    private static void writeSummary(String summary) {
        try {
            Path dir = Path.of(System.getProperty("familiar.drills.dir", "target/drills"));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("openapi-fuzz-summary.txt"), summary, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write the summary: " + e.getMessage());
        }
    }
}
