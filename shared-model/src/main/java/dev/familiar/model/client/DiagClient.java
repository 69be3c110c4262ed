package dev.familiar.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.diag.SmokeResult;
import java.util.Map;
import java.util.Objects;

/** Operators' routes: the UC-15 smoke calls, the Prometheus metrics and the server's OpenAPI document (all public). */
public final class DiagClient {
    private final ApiTransport transport;

    public DiagClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code GET /api/diag/smoke}: proves the server's request path, logs and metrics work. */
    public SmokeResult smoke() {
        return transport.get("api/diag/smoke").envelope(SmokeResult.class);
    }

    /** {@code POST /api/diag/smoke {"iterations": n}}: the same through the JSON body path (n in 1-1000). */
    public SmokeResult smoke(int iterations) {
        return transport.post("api/diag/smoke").body(Map.of("iterations", iterations)).envelope(SmokeResult.class);
    }

    /** {@code GET /metrics}: the Prometheus text exposition. */
    public String metrics() {
        return transport.get("metrics").header("Accept", "text/plain").text();
    }

    /** {@code GET /openapi.json}: the OpenAPI 3.1 document of every route. */
    public JsonNode openApi() {
        return transport.get("openapi.json").plain(JsonNode.class);
    }
}
