package dev.familiar.model.prompt;

/** What an import did: versions created, and versions already there with the same content. */
public record ImportResult(String function, int imported, int unchanged) {
}
