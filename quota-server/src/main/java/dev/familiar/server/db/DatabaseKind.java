package dev.familiar.server.db;

/** The two databases we run on; each has its own migration folder for SQL that must differ. */
public enum DatabaseKind {
    H2("h2"),
    POSTGRES("postgresql");

    private final String folder;

    DatabaseKind(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }

    public static DatabaseKind of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("Unsupported JDBC URL scheme");
    }
}
