package dev.familiar.server.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The real packaged server, {@code target/familiar-server.jar}, as a child process: configured only through its
 * environment (inherited {@code FAMILIAR_*} variables are dropped first), on a fixed loopback port that survives
 * restarts, its JSON log appended to one file per server. {@link #kill9()} is SIGKILL (no shutdown hook runs);
 * {@link #stop()} is SIGTERM, the operator's stop.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final OkHttpClient PROBE = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2))
            .retryOnConnectionFailure(false).build();

    private final String name;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private int starts;

    private ServerProcess(String name, int port, Map<String, String> env, Path log) {
        this.name = name;
        this.port = port;
        this.env = env;
        this.log = log;
    }

    /**
     * Starts the jar with {@code env} (plus host and port) and waits until {@code /health/live} answers 200.
     *
     * @param name a short name for the log file and messages
     */
    static ServerProcess start(String name, int port, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("FAMILIAR_HTTP_HOST", "127.0.0.1");
        all.put("FAMILIAR_HTTP_PORT", Integer.toString(port));
        Path log = Drills.outputDir().resolve(name + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess server = new ServerProcess(name, port, all, log);
        server.start();
        return server;
    }

    /** (Re)starts the process on the same configuration, data and port; returns once it is live. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx384m", "-jar",
                Drills.serverJar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("FAMILIAR_"));
        builder.environment().putAll(env);
        try {
            Files.writeString(log, "---- drill: start #" + (starts + 1) + " of " + name + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        starts++;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n"
                        + logTail());
            }
            if (live()) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " was not live after " + START_TIMEOUT + ":\n" + logTail());
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill9() {
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no goodbye
        await();
    }

    /** SIGTERM (a clean stop through the shutdown hook), and waits until the process is gone. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String name() {
        return name;
    }

    int starts() {
        return starts;
    }

    /** The last lines of this server's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            await();
        }
    }

    private boolean live() {
        try (Response r = PROBE.newCall(new Request.Builder().url(baseUrl() + "/health/live").build()).execute()) {
            return r.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private void await() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still running 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
