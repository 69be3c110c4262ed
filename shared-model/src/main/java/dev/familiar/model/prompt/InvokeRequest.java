package dev.familiar.model.prompt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/functions/{name}/invoke}: call the active version of {@code major} with {@code parameters};
 * {@code orgId} as in {@code /api/v1/tokens/consume} (the organisation whose quota pays); {@code userId} the user the
 * call is for, as in {@code /api/v1/tokens/consume}: optional for a user (themselves), required for a tenant's
 * service key (a user of its tenant).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvokeRequest(int major, ObjectNode parameters, String orgId, String userId) {
    /** A call for the caller themselves. */
    public InvokeRequest(int major, ObjectNode parameters, String orgId) {
        this(major, parameters, orgId, null);
    }
}
