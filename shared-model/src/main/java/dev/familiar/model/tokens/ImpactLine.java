package dev.familiar.model.tokens;

/**
 * One line of a change's preview: {@code who} it touches (e.g. "tier GOLD: 12 users", "tenant Acme: 40 users"),
 * {@code what} changes ("quota per window", "bucket capacity"), from {@code before} to {@code after}.
 */
public record ImpactLine(String who, String what, String before, String after) {
}
