package dev.familiar.server.directory;

/** Which directory is live: Microsoft Entra over Graph, or the local one (dry-run: our database, our accounts). */
public enum DirectoryMode {
    ENTRA,
    LOCAL;

    /** The name used in answers and logs: {@code entra} or {@code local}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
