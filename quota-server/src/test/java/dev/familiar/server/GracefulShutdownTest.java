package dev.familiar.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.HttpCalls.Answer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {
    @TempDir
    Path tempDir;

    @Test
    void stopLetsAnInFlightRequestFinishAndThenRefusesConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FamiliarServer server = TestServers.start(tempDir, routes -> routes.get("/test/slow", dev.familiar.server.auth.Access.PUBLIC, ctx -> {
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
            ctx.result("{\"finished\":true}");
        }));
        String base = server.baseUrl();

        CompletableFuture<Answer> inFlight = CompletableFuture.supplyAsync(() -> HttpCalls.get(base + "/test/slow"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        release.countDown();

        Answer answer = inFlight.get(30, TimeUnit.SECONDS);
        stopping.get(60, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("finished");
        assertThatThrownBy(() -> HttpCalls.get(base + "/health/live")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void sigtermStopsTheServerProcessCleanly() throws Exception {
        int port = dev.familiar.server.testing.TestBackend.freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("FAMILIAR_HTTP_PORT", Integer.toString(port));
        builder.environment().put("FAMILIAR_HTTP_HOST", "127.0.0.1");
        builder.environment().put("FAMILIAR_DATA_DIR", tempDir.toString());
        builder.environment().put("FAMILIAR_ADMIN_USERNAME", "sigterm-admin");
        builder.environment().put("FAMILIAR_ADMIN_PASSWORD", "sigterm-password-1");
        builder.environment().remove("FAMILIAR_DB_URL");
        builder.environment().remove("FAMILIAR_REDIS_URL");
        Path log = tempDir.resolve("server.out");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("listening on")) {
                assertThat(process.isAlive()).as("server process alive; output so far:%n%s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("server started within a minute").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(HttpCalls.get("http://127.0.0.1:" + port + "/health/live").status()).isEqualTo(200);

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(output).contains("Stopping: finishing in-flight requests").contains("\"Stopped\"");
    }
}
