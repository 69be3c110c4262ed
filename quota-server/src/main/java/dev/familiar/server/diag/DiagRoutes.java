package dev.familiar.server.diag;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.diag.SmokeResult;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UC-15 observability smoke: {@code GET /api/diag/smoke} times a tiny calculation, counts the call, logs
 * one line carrying the request ids (no personal data) and answers {@code {ok:true}}. {@code POST} does the
 * same with a JSON body {@code {"iterations": 1..1000}}, so operators can prove the JSON body path
 * (parsing, validation, size limit) end to end as well.
 */
public final class DiagRoutes implements RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(DiagRoutes.class);
    static final int MAX_ITERATIONS = 1000;

    /** The body of {@code POST /api/diag/smoke}. */
    public record SmokeRequest(Integer iterations) {
    }

    private final JsonBodies bodies;
    private final Timer timer;
    private final Counter counter;

    public DiagRoutes(MeterRegistry registry, JsonBodies bodies) {
        this.bodies = bodies;
        this.timer = Timer.builder("familiar.diag.smoke").description("UC-15 smoke calculation").register(registry);
        this.counter = Counter.builder("familiar.diag.smoke.calls").description("UC-15 smoke calls").register(registry);
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/diag/smoke", Access.PUBLIC, ctx -> smoke(ctx, 1));
        routes.post("/api/diag/smoke", Access.PUBLIC, ctx -> {
            SmokeRequest request = bodies.read(ctx, SmokeRequest.class);
            int iterations = request.iterations() == null ? 1 : request.iterations();
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                throw ApiError.validation(Map.of("iterations", "must be between 1 and " + MAX_ITERATIONS));
            }
            smoke(ctx, iterations);
        });
    }

    private void smoke(Context ctx, int iterations) {
        long result = timer.record(() -> tinyCalculation(iterations));
        counter.increment();
        if (LOG.isInfoEnabled()) { // no boxing of the arguments when the line is off
            LOG.info("diag smoke ok ({} iterations, checksum {})", iterations, result);
        }
        ApiResponses.ok(ctx, new SmokeResult(true));
    }

    private static long tinyCalculation(int iterations) {
        long acc = 17;
        for (int i = 0; i < iterations * 100; i++) {
            acc = acc * 31 + i;
        }
        return acc & 0xffff;
    }
}
