package dev.familiar.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.config.ConfigLoader;
import dev.familiar.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps every commit it answered: a child process commits rows and reports each,
 * is killed with SIGKILL mid-stream, and every reported row must be there when the file is reopened.
 */
class H2DurabilityCrashTest {
    private static final int ROWS_BEFORE_KILL = 300;

    @TempDir
    Path dataDir;

    @Test
    void everyCommitReportedBeforeKill9IsStillThereAfterRestart() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> reported = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    reported.add(line.substring("committed ".length()));
                    if (reported.size() == ROWS_BEFORE_KILL) {
                        child.destroyForcibly(); // SIGKILL while the child is still committing
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(reported).hasSize(ROWS_BEFORE_KILL);

        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, ConfigLoader.defaultH2Url(dataDir), "sa", "",
                Optional.empty(), null, Optional.empty(), Optional.empty());
        try (Database reopened = Database.open(config); Connection c = reopened.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tenant WHERE id = ?")) {
            List<String> lost = new ArrayList<>();
            for (String id : reported) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        lost.add(id);
                    }
                }
            }
            assertThat(lost).as("rows reported as committed but lost by kill -9").isEmpty();
        }
    }
}
