package dev.familiar.server.llm.analytics;

import java.time.Instant;

/**
 * One token ledger entry: a consume attempt, allowed or not, or a Prompt Lab call. The analytics source and the
 * audit trail entry (who, which provider, how many tokens, the outcome, when, the request id and the caller's
 * address). {@code purpose} keeps product use (customers' quotas) and R&D (the lab, never against a quota) apart;
 * {@code function} names the prompt function ({@code null} for a plain consume); {@code engineer} is the lab user
 * (R&D only).
 */
public record UsageEvent(String id, String userId, String tenantId, String orgId, String provider, long tokens,
                         boolean allowed, Outcome outcome, String requestId, String ipAddress, Instant occurredAt,
                         Purpose purpose, String function, String engineer) {
    public enum Outcome { ALLOWED, RATE_LIMITED, NO_QUOTA, PROVIDER_FAILED }

    /** Why the tokens were spent; stored as {@link #stored()}. */
    public enum Purpose {
        PRODUCT("PRODUCT"), RND("R&D");

        private final String stored;

        Purpose(String stored) {
            this.stored = stored;
        }

        /** {@code PRODUCT} or {@code R&D}, as in the ledger and the analytics bodies. */
        public String stored() {
            return stored;
        }

        /** From the stored or query text ({@code PRODUCT}, {@code R&D}, or {@code RND}); null when it is neither. */
        public static Purpose parse(String text) {
            if (text == null) {
                return null;
            }
            return switch (text) {
                case "PRODUCT" -> PRODUCT;
                case "R&D", "RND" -> RND;
                default -> null;
            };
        }
    }

    public UsageEvent {
        purpose = purpose == null ? Purpose.PRODUCT : purpose;
    }

    /** A product entry of a plain consume (no function). */
    public UsageEvent(String id, String userId, String tenantId, String orgId, String provider, long tokens,
                      boolean allowed, Outcome outcome, String requestId, String ipAddress, Instant occurredAt) {
        this(id, userId, tenantId, orgId, provider, tokens, allowed, outcome, requestId, ipAddress, occurredAt,
                Purpose.PRODUCT, null, null);
    }
}
