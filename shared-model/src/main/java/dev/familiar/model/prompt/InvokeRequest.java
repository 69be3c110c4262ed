package dev.familiar.model.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/functions/{name}/invoke}: call the active version of {@code major} with {@code parameters};
 * {@code orgId} as in {@code /api/v1/tokens/consume} (the organisation whose quota pays).
 */
public record InvokeRequest(int major, ObjectNode parameters, String orgId) {
}
