package dev.familiar.server.http;

import dev.familiar.model.api.Meta;
import java.util.Optional;

/**
 * The ids of one request: read from the request headers or minted, echoed on the response and put in
 * every log line written while the request is handled.
 */
public record RequestContext(String requestId, String correlationId, Optional<String> tenantId) {
    public Meta meta() {
        return new Meta(requestId, correlationId);
    }
}
