package dev.familiar.model.directory;

/**
 * The result for one entry: the entry as sent ({@code input}), the directory user it resolved to (null when it did
 * not), its status and a message for people (never a secret or a token).
 */
public record MemberAddResult(String input, String userId, MemberAddStatus status, String message) {
}
