package dev.familiar.model.client;

import dev.familiar.model.prompt.FunctionCatalog;
import dev.familiar.model.prompt.InvokeRequest;
import dev.familiar.model.prompt.InvokeResult;
import java.util.Objects;

/**
 * Deployed prompt functions for product code ({@code /api/v1/functions}, tenant credentials): the active majors
 * with their parameter schemas, and invocation metered against the caller's token quota (400 naming the offending
 * parameters, 402 without quota, 429 when rate-limited, 404 for a function or major not deployed). Thread-safe.
 */
public final class FunctionsClient {
    private final ApiTransport transport;

    public FunctionsClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    public FunctionCatalog catalog() {
        return transport.get("api/v1/functions").envelope(FunctionCatalog.class);
    }

    public InvokeResult invoke(String function, InvokeRequest request) {
        return transport.post("api/v1/functions/" + okhttp3.HttpUrl.parse("http://x/").newBuilder()
                        .addPathSegment(Objects.requireNonNull(function, "function")).build().encodedPath().substring(1)
                        + "/invoke").body(request).envelope(InvokeResult.class);
    }
}
