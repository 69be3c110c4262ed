package dev.familiar.model.metering;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /api/quota/consume}: check and count in one step, idempotent on {@code request_id}. */
public record ConsumeRequest(String orgId, String metric, Long value, @JsonProperty("request_id") String requestId) {
}
