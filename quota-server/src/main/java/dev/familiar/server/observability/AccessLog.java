package dev.familiar.server.observability;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, path, redacted query, status and duration. Headers and bodies are
 * never logged; the request ids come from the logging context.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("familiar.access");

    public void record(Context ctx, long nanos) {
        if (!LOG.isInfoEnabled()) {
            return; // FAMILIAR_LOG_LEVEL=WARN or above: build nothing
        }
        String query = ctx.queryString();
        String target = ctx.path() + (query == null || query.isEmpty() ? "" : "?" + Redactor.redactQuery(query));
        LOG.atInfo()
                .addKeyValue("http_method", ctx.method().name())
                .addKeyValue("http_path", target)
                .addKeyValue("http_status", ctx.statusCode())
                .addKeyValue("duration_ms", nanos / 1_000_000.0)
                .log("{} {} -> {}", ctx.method().name(), target, ctx.statusCode());
    }
}
