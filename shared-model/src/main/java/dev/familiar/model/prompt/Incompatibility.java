package dev.familiar.model.prompt;

/**
 * One breaking difference between two versions' contracts.
 *
 * @param parameter the parameter concerned
 * @param kind      {@code REMOVED}, {@code RETYPED}, {@code NARROWED}, {@code REQUIRED_ADDED} or {@code MADE_REQUIRED}
 * @param message   one sentence for a person, e.g. "parameter tone was removed"
 */
public record Incompatibility(String parameter, String kind, String message) {
}
