package dev.familiar.model.metering;

/** UC-04 {@code POST /api/quota/check}. {@code metric} defaults to {@code api_call}. */
public record QuotaCheckRequest(String orgId, String metric) {
}
