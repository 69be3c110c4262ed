package dev.familiar.model.prompt;

/**
 * A monthly R&D token budget: {@code scope} {@code ENGINEER} (subject a user id) or {@code FUNCTION} (subject a
 * function name); {@code usedTokens} this calendar month (UTC). {@code PUT} with {@code monthlyTokens} null removes it.
 */
public record RndBudget(String scope, String subject, Long monthlyTokens, long usedTokens) {
}
