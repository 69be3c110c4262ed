package dev.familiar.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.db.Database;
import dev.familiar.server.directory.local.LocalDirectory;
import dev.familiar.server.testing.CapturedLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which directory is live: the local one without Entra settings, Entra's with them; the log says which. */
class DirectoriesTest {
    static final String SECRET = "s3cr3t-never-logged";

    @TempDir
    Path tempDir;
    Database database;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void withoutEntraSettingsTheLocalDirectoryIsLiveAndTheLogWarnsItIsADryRun() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            Directory directory = Directories.open(EntraSettings.local(), database.dataSource(), Clock.systemUTC(),
                    (s, c) -> {
                        throw new AssertionError("Entra must not be opened without settings");
                    });

            assertThat(directory).isInstanceOf(LocalDirectory.class);
            assertThat(directory.mode()).isEqualTo(DirectoryMode.LOCAL);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("\"WARN\"")
                    .contains("Directory: LOCAL (dry-run of Microsoft Entra)"));
        }
    }

    @Test
    void theServersDefaultConfigurationHasTheLocalDirectory() throws Exception {
        Directory directory = Directories.open(TestServers.config(tempDir).entra(), database.dataSource(),
                Clock.systemUTC());

        assertThat(directory.mode()).isEqualTo(DirectoryMode.LOCAL);
    }

    @Test
    void withEntraSettingsTheGraphAdapterIsOpenedAndTheLogNamesTheTenantButNoSecret() throws Exception {
        EntraSettings entra = EntraSettings.withSecret("tenant-1234", "client-5678", SECRET, "http://127.0.0.1:9/v1.0",
                "http://127.0.0.1:9");
        Directory graph = new LocalDirectory(database.dataSource(), Clock.systemUTC()); // stands in for the adapter
        AtomicReference<EntraSettings> openedWith = new AtomicReference<>();
        try (CapturedLog log = new CapturedLog()) {
            Directory directory = Directories.open(entra, database.dataSource(), Clock.systemUTC(), (s, c) -> {
                openedWith.set(s);
                return graph;
            });

            assertThat(directory).isSameAs(graph);
            assertThat(openedWith.get()).isEqualTo(entra);
            assertThat(log.text()).contains("Directory: Microsoft Entra tenant tenant-1234 via http://127.0.0.1:9/v1.0")
                    .doesNotContain(SECRET);
        }
    }
}
