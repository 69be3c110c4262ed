package dev.familiar.server.usage;

/** The first answer to a usage request, kept byte for byte for its retries. */
public record StoredResponse(int status, String body) {
}
