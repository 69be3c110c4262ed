package dev.familiar.server.directory;

/** The directory's answer to a readiness probe; {@code detail} says why not (never a secret or a token). */
public record DirectoryHealth(boolean reachable, String detail) {
    public static DirectoryHealth up() {
        return new DirectoryHealth(true, "");
    }
}
