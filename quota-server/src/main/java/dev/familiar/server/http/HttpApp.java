package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.auth.RouteGuard;
import dev.familiar.server.observability.AccessLog;
import dev.familiar.server.observability.HttpMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the Javalin application from a {@link RouteTable}: request context, body limits, metrics,
 * access log, error envelopes and graceful stop. Tests build it with extra routes and call it over HTTP.
 */
public final class HttpApp {
    /** Request bodies above this size are refused with 413. */
    public static final long MAX_BODY_BYTES = 1024L * 1024L;
    /** How long a stop waits for in-flight requests. */
    public static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private static final String START_NANOS = "familiar.startNanos";
    /** Bytes per write when Javalin copies a response's result into Jetty's output buffer. */
    static final int RESULT_COPY_CHUNK = 4096;

    private HttpApp() {
    }

    public static Javalin create(RouteTable table, RequestContextFilter contextFilter, RouteGuard guard,
                                 HttpMetrics metrics, AccessLog accessLog) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // The watcher thread keeps the JVM alive for seconds after stop(); embedders (the console) notice.
            config.startup.startupWatcherEnabled = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.defaultContentType = "application/json";
            // The chunk Javalin copies a result through (a new array per response; by default Jetty's 32 KB output
            // buffer size, which was two thirds of all bytes allocated per request: docs/performance/http.md).
            // Jetty's own output buffer is not changed by it.
            config.http.responseBufferSize = RESULT_COPY_CHUNK;
            var mapper = JsonBodies.strictMapper();
            config.jsonMapper(new JavalinJackson(mapper, false));
            QueuedThreadPool pool = new QueuedThreadPool(200, 8, 60_000);
            pool.setName("familiar-http");
            config.jetty.threadPool = pool;
            config.jetty.modifyServer(HttpApp::makeStopGraceful);
            // Errors Jetty raises before Javalin sees the request (431, 414, bad paths) in our JSON shapes too.
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorHandler(mapper)));

            config.routes.before(ctx -> {
                ctx.attribute(START_NANOS, System.nanoTime());
                contextFilter.before(ctx);
                PercentEscapes.refuseMalformed(ctx);
                refuseOversizedBody(ctx);
            });
            for (RouteTable.Route route : table.routes()) {
                config.routes.addHttpHandler(route.method(), route.path(), guard.wrap(route.access(),
                        JsonBodies.screened(route.handler())));
            }
            config.routes.after(ctx -> {
                try {
                    long nanos = elapsed(ctx);
                    String route = routeTemplate(ctx);
                    metrics.record(ctx.method().name(), route, ctx.statusCode(), nanos);
                    accessLog.record(ctx, nanos);
                } finally {
                    RequestContextFilter.clearLoggingContext();
                }
            });
            ErrorHandlers.register(config.routes);
        });
    }

    /** Jetty 12 finishes in-flight requests on stop only behind a {@link GracefulHandler}. */
    private static void makeStopGraceful(Server server) {
        GracefulHandler graceful = new GracefulHandler();
        server.insertHandler(graceful);
        server.setStopTimeout(GRACEFUL_STOP.toMillis());
        server.setStopAtShutdown(false);
    }

    /** Refuses a declared oversized body before anything reads it; chunked bodies hit Javalin's own limit. */
    private static void refuseOversizedBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > MAX_BODY_BYTES) {
            throw new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + MAX_BODY_BYTES
                    + " bytes", 413, Map.of("maxBytes", MAX_BODY_BYTES));
        }
    }

    /** The matched path template, so metrics do not get one series per id; unmatched paths share one. */
    private static String routeTemplate(Context ctx) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        if (endpoint == null) {
            return "UNMATCHED";
        }
        return endpoint.path;
    }

    private static long elapsed(Context ctx) {
        Long start = ctx.attribute(START_NANOS);
        return start == null ? 0 : System.nanoTime() - start;
    }
}
