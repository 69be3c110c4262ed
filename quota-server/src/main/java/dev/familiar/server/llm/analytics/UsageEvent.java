package dev.familiar.server.llm.analytics;

import java.time.Instant;

/**
 * One consume attempt, allowed or not: the analytics source and the audit trail entry (who, which provider, how
 * many tokens, the outcome, when, the request id and the caller's address).
 */
public record UsageEvent(String id, String userId, String tenantId, String orgId, String provider, long tokens,
                         boolean allowed, Outcome outcome, String requestId, String ipAddress, Instant occurredAt) {
    public enum Outcome { ALLOWED, RATE_LIMITED, NO_QUOTA, PROVIDER_FAILED }
}
