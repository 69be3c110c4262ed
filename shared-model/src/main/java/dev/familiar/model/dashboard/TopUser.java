package dev.familiar.model.dashboard;

/** A user ranked by allowed tokens over the period: their organisation, tokens, attempts and denied attempts. */
public record TopUser(String userId, String username, String orgId, long allowedTokens, long events,
                      long deniedEvents) {
}
