package dev.familiar.model.directory;

/**
 * A person of the directory: Entra's user object id (or our user id in the local directory), the display name and
 * the e-mail address (Entra's {@code mail}, else its {@code userPrincipalName}; may be null locally).
 */
public record DirectoryUser(String id, String displayName, String email) {
}
