package dev.familiar.model.metering;

import com.fasterxml.jackson.annotation.JsonProperty;

/** UC-03 {@code POST /api/v1/usage}: {@code occurredAt} is ISO-8601 text, {@code request_id} the idempotency key. */
public record UsageRequest(String orgId, String metric, Long value, String occurredAt,
                           @JsonProperty("request_id") String requestId) {
}
