package dev.familiar.model.llm;

/** A user's tier and the allowance per window it gives (a custom one, capped by the tier's quotaMaxTokens). */
public record TierView(String userId, String tier, long quotaTokens, long quotaMaxTokens) {
}
