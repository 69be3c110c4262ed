// The Prompt Lab figures (bench/prompt-batch.sh runs this; see bench/README.md, "Prompt Lab").
// java -cp quota-server/target/familiar-server.jar bench/PromptBatchBench.java OUT_JSON
// 1. A 100-row data set run as a batch against a stand-in OpenAI-compatible provider (a tiny HTTP server in this
//    JVM answering chat.completions with usage, after a fixed delay): rows/s, and the time per row beyond the
//    provider's own (the stand-in measures the time it spends on each call, delay included).
// 2. The invoke overhead: POST /api/v1/functions/{name}/invoke against POST /api/v1/tokens/consume, both on the echo
//    (dry-run) provider, one request at a time, alternating blocks of each so drift hits both alike.
// The server runs in this JVM on an H2 file, with the per-user leaky bucket out of the way (as bench/run.sh does).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.familiar.model.api.Json;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.auth.Role;
import dev.familiar.server.config.ConfigLoader;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class PromptBatchBench {
    static final int ROWS = Integer.getInteger("rows", 100);
    static final int ROUNDS = Integer.getInteger("rounds", 3);
    static final long DELAY_MS = Long.getLong("providerDelayMs", 20);
    static final int WARMUP = Integer.getInteger("warmup", 2000);
    static final int SAMPLES = Integer.getInteger("samples", 3000);
    static final String PLATFORM_TENANT = "00000000-0000-0000-0000-000000000001";
    static final String PASSWORD = "bench-password-long-1";
    static final ObjectMapper MAPPER = Json.newMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicLong providerNanos = new AtomicLong();
    static final AtomicLong providerCalls = new AtomicLong();
    static String base;

    public static void main(String[] args) throws Exception {
        HttpServer provider = standInProvider();
        Path dataDir = Files.createTempDirectory("prompt-batch-bench");
        ServerConfig config = ConfigLoader.load(Map.of(
                "FAMILIAR_HTTP_HOST", "127.0.0.1", "FAMILIAR_HTTP_PORT", "0",
                "FAMILIAR_DATA_DIR", dataDir.toString(),
                "FAMILIAR_LLM_OPENAI_API_KEY", "sk-bench-stand-in",
                "FAMILIAR_LLM_OPENAI_BASE_URL", "http://127.0.0.1:" + provider.getAddress().getPort() + "/v1",
                "FAMILIAR_RATE_LIMIT_CAPACITY", "100000000", "FAMILIAR_RATE_LIMIT_LEAK_PER_SECOND", "100000000"),
                dataDir);
        try (FamiliarServer server = FamiliarServer.start(config)) {
            base = server.baseUrl();
            // two administrators (the author and a second person to approve the deployment), invited by the first one
            FamiliarClient root = FamiliarClient.connect(base, "Bearer " + server.inProcessAdminSession().orElseThrow().token());
            String author = invited(root, "bench-author@bench.example");
            String approver = invited(root, "bench-approver@bench.example");
            FamiliarClient authorClient = FamiliarClient.connect(base).withBearer(author);
            FamiliarClient approverClient = FamiliarClient.connect(base).withBearer(approver);

            // --- 1. the batch against the stand-in provider ---------------------------------------------------------
            authorClient.promptLab().createFunction("bench_summary", "bench: a batch over the stand-in provider");
            authorClient.promptLab().createVersion("bench_summary", new PromptVersionCreate(
                    "Summarise {{topic}} in one sentence.", List.of(PromptParameter.required("topic", ParameterType.STRING)),
                    new PromptSettings("openai", "stand-in-1", 0.0, 64, null, "text")));
            List<DataSetRow> rows = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                rows.add(new DataSetRow("row " + i, JsonNodeFactory.instance.objectNode().put("topic", "topic number " + i)));
            }
            authorClient.promptLab().saveDataSet(new DataSetWrite("bench-rows", "bench rows", rows));
            double[] seconds = new double[ROUNDS];
            double[] providerSeconds = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long calls0 = providerCalls.get();
                long nanos0 = providerNanos.get();
                long start = System.nanoTime();
                BatchView batch = authorClient.promptLab().startBatch(new BatchRequest("bench_summary", 1, "bench-rows", null));
                while (batch.status().equals("RUNNING")) {
                    Thread.sleep(5);
                    batch = authorClient.promptLab().batch(batch.id());
                }
                seconds[round] = (System.nanoTime() - start) / 1e9;
                providerSeconds[round] = (providerNanos.get() - nanos0) / 1e9;
                if (!batch.status().equals("COMPLETED") || batch.done() != ROWS || batch.failed() != 0
                        || providerCalls.get() - calls0 != ROWS) {
                    throw new IllegalStateException("batch did not complete cleanly: " + batch);
                }
                System.out.printf("[prompt-batch-bench] batch round %d: %d rows in %.3f s, provider %.3f s%n", round + 1,
                        ROWS, seconds[round], providerSeconds[round]);
            }

            // --- 2. invoke against consume, on the echo provider ------------------------------------------------------
            authorClient.promptLab().createFunction("bench_echo", "bench: invoke overhead on the echo provider");
            authorClient.promptLab().createVersion("bench_echo", new PromptVersionCreate("Say {{word}}.",
                    List.of(PromptParameter.required("word", ParameterType.STRING)),
                    new PromptSettings("qwen", null, null, null, null, null)));
            DeploymentView deployment = authorClient.promptLab().deploy("bench_echo", 1, 1);
            if (deployment.status().equals("PENDING_APPROVAL")) {
                deployment = approverClient.promptLab().approve("bench_echo", deployment.id());
            }
            if (!deployment.status().equals("ACTIVE")) {
                throw new IllegalStateException("deployment not active: " + deployment);
            }
            String[] user = registerEnterpriseUser(author);
            String consume = "{\"userId\":\"" + user[0] + "\",\"provider\":\"qwen\",\"tokens\":50,\"prompt\":\"Say hello.\"}";
            String invoke = "{\"major\":1,\"parameters\":{\"word\":\"hello\"}}";
            String consumePath = "/api/v1/tokens/consume";
            String invokePath = "/api/v1/functions/bench_echo/invoke";
            expect(200, consumePath, consume, user[1]);
            expect(200, invokePath, invoke, user[1]);
            List<Long> consumeNanos = new ArrayList<>();
            List<Long> invokeNanos = new ArrayList<>();
            int block = 100;
            for (int done = 0; done < WARMUP + SAMPLES; done += block) {
                boolean measured = done >= WARMUP;
                time(consumePath, consume, user[1], block, measured ? consumeNanos : null);
                time(invokePath, invoke, user[1], block, measured ? invokeNanos : null);
            }
            double consumeMean = mean(consumeNanos);
            double invokeMean = mean(invokeNanos);
            System.out.printf("[prompt-batch-bench] consume mean %.3f ms p50 %.3f, invoke mean %.3f ms p50 %.3f, ratio %.2f%n",
                    consumeMean, pct(consumeNanos, 50), invokeMean, pct(invokeNanos, 50), invokeMean / consumeMean);

            ObjectNode out = MAPPER.createObjectNode();
            out.put("rows", ROWS).put("rounds", ROUNDS).put("providerDelayMs", DELAY_MS);
            var rounds = out.putArray("batch");
            for (int i = 0; i < ROUNDS; i++) {
                rounds.addObject().put("seconds", seconds[i]).put("providerSeconds", providerSeconds[i])
                        .put("rowsPerSecond", ROWS / seconds[i])
                        .put("overheadMsPerRow", (seconds[i] - providerSeconds[i]) * 1000 / ROWS);
            }
            out.putObject("invoke").put("samples", SAMPLES).put("warmup", WARMUP)
                    .put("consumeMeanMs", consumeMean).put("consumeP50Ms", pct(consumeNanos, 50))
                    .put("consumeP99Ms", pct(consumeNanos, 99)).put("invokeMeanMs", invokeMean)
                    .put("invokeP50Ms", pct(invokeNanos, 50)).put("invokeP99Ms", pct(invokeNanos, 99))
                    .put("ratio", invokeMean / consumeMean);
            Files.writeString(Path.of(args[0]), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
            authorClient.close();
            approverClient.close();
            root.close();
        } finally {
            provider.stop(0);
            ((java.util.concurrent.ExecutorService) provider.getExecutor()).shutdownNow();
        }
    }

    /** chat.completions with usage, plain or streamed (SSE with a final usage chunk), after {@link #DELAY_MS}. */
    static HttpServer standInProvider() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/chat/completions", exchange -> {
            long start = System.nanoTime();
            JsonNode request = MAPPER.readTree(exchange.getRequestBody());
            try {
                Thread.sleep(DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text = "A short summary of " + request.path("messages").path(request.path("messages").size() - 1)
                    .path("content").asText("").length() + " characters.";
            int promptTokens = 20;
            int completionTokens = 8;
            byte[] body;
            if (request.path("stream").asBoolean(false)) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                StringBuilder sse = new StringBuilder();
                for (String piece : text.split("(?<= )")) {
                    sse.append("data: ").append(MAPPER.writeValueAsString(Map.of("id", "chatcmpl-bench", "object",
                            "chat.completion.chunk", "choices", List.of(Map.of("index", 0, "delta", Map.of("content", piece))))))
                            .append("\n\n");
                }
                sse.append("data: ").append(MAPPER.writeValueAsString(Map.of("id", "chatcmpl-bench", "object",
                        "chat.completion.chunk", "choices", List.of(Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop")),
                        "usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                                "total_tokens", promptTokens + completionTokens)))).append("\n\ndata: [DONE]\n\n");
                body = sse.toString().getBytes(StandardCharsets.UTF_8);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                body = MAPPER.writeValueAsBytes(Map.of("id", "chatcmpl-bench", "object", "chat.completion",
                        "model", request.path("model").asText("stand-in-1"),
                        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", text),
                                "finish_reason", "stop")),
                        "usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                                "total_tokens", promptTokens + completionTokens)));
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            providerNanos.addAndGet(System.nanoTime() - start);
            providerCalls.incrementAndGet();
        });
        server.start();
        return server;
    }

    /** An ADMIN + PROMPT_ENGINEER invited by {@code root}, its invitation accepted: its token. */
    static String invited(FamiliarClient root, String email) {
        String code = root.users().invite(email, null, List.of("USER", "ADMIN", "PROMPT_ENGINEER")).code();
        try (FamiliarClient anonymous = FamiliarClient.connect(base)) {
            return anonymous.account().acceptInvitation(code, PASSWORD).token();
        }
    }

    static String login(String username) throws Exception {
        JsonNode answer = MAPPER.readTree(post("/api/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}", null).body());
        return answer.path("token").asText();
    }

    /** A self-registered user on the ENTERPRISE tier: {userId, token}. */
    static String[] registerEnterpriseUser(String adminToken) throws Exception {
        String name = "bench-caller-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode registered = MAPPER.readTree(post("/api/v1/auth/register", "{\"username\":\"" + name + "\",\"email\":\""
                + name + "@bench.example\",\"password\":\"" + PASSWORD + "\"}", null).body());
        String userId = registered.path("userId").asText();
        HttpResponse<String> tier = post("/api/v1/tokens/tier", "{\"userId\":\"" + userId + "\",\"tier\":\"ENTERPRISE\"}",
                adminToken);
        if (tier.statusCode() != 200) {
            throw new IllegalStateException("tier: " + tier.statusCode() + " " + tier.body());
        }
        return new String[] {userId, registered.path("token").asText()};
    }

    static void expect(int status, String path, String body, String token) throws Exception {
        HttpResponse<String> answer = post(path, body, token);
        if (answer.statusCode() != status) {
            throw new IllegalStateException(path + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    static void time(String path, String body, String token, int count, List<Long> into) throws Exception {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = post(path, body, token);
            long elapsed = System.nanoTime() - start;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(path + ": " + answer.statusCode() + " " + answer.body());
            }
            if (into != null) {
                into.add(elapsed);
            }
        }
    }

    static HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static double mean(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
    }

    static double pct(List<Long> nanos, int p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
