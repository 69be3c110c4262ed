package dev.familiar.server.db;

import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Child process of {@link H2DurabilityCrashTest}: commits rows one by one and prints the id of each only
 * after its commit returned, until it is killed.
 */
public final class CrashWriterMain {
    private CrashWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String url = args.length > 1 ? args[1] : dev.familiar.server.config.ConfigLoader.defaultH2Url(dir);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dir, url, "sa", "", Optional.empty(), null,
                Optional.empty(), Optional.empty());
        Database db = Database.open(config);
        System.out.println("ready");
        System.out.flush();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)")) {
            for (int i = 0; ; i++) {
                String id = "crash-" + i;
                ps.setString(1, id);
                ps.setString(2, "row " + i);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.executeUpdate(); // autocommit: returns after the commit
                System.out.println("committed " + id);
                System.out.flush();
            }
        }
    }
}
