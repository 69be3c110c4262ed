package dev.familiar.model.llm;

import java.time.Instant;

/** {@code GET /api/v1/tokens/status}. */
public record TokenServiceStatus(String service, String status, Instant timestamp, String version) {
}
