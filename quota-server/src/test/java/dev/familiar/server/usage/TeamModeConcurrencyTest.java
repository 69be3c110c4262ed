package dev.familiar.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers in this JVM sharing one PostgreSQL database and one Redis, hammered together: counts stay exact and
 * consume never oversells. Tagged {@code team}: it runs only in the PostgreSQL + Redis execution (two processes
 * never share an embedded H2 file).
 */
@Tag("team")
class TeamModeConcurrencyTest {
    @TempDir
    Path tempDir;

    @Test
    void twoServersSharingTheDatabaseAndRedisAgreeExactly() throws Exception {
        assertThat(TestBackend.kind()).as("team mode runs on PostgreSQL + Redis").isEqualTo(TestBackend.Kind.POSTGRES);
        ServerConfig shared = TestServers.config(tempDir);
        assertThat(shared.redisUrl()).isPresent();
        try (FamiliarServer first = TestServers.start(shared);
             FamiliarServer second = TestServers.start(shared)) {
            MeteringConcurrencyTest.hammer(List.of(first, second), new Identity(first));
        }
    }
}
