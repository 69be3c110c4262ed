package dev.familiar.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.HealthReport.ComponentHealth;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.db.Database;
import dev.familiar.server.health.HealthRoutes;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/admin/directory/status} and the readiness {@code directory} check: the local directory says it is a
 * dry-run; an Entra directory that does not answer degrades readiness and does not down it.
 */
class DirectoryStatusRoutesTest {
    static final EntraSettings ENTRA = EntraSettings.withSecret("tenant-1234", "client-5678", "s3cr3t-never-shown",
            "https://graph.example.test/v1.0", "https://login.example.test");

    @TempDir
    Path tempDir;

    @Test
    void anAdministratorSeesTheLocalDryRunDirectory() {
        try (FamiliarServer server = TestServers.start(tempDir)) {
            Identity.Account admin = new Identity(server).admin();
            Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/directory/status", admin.bearer());

            assertThat(answer.status()).isEqualTo(200);
            GoldenFiles.assertMatches("directory-status-local-200", answer.status(), answer.body());
            DirectoryStatus status = FamiliarClient.connect(server.baseUrl()).withBearer(admin.token()).directory().status();
            assertThat(status).isEqualTo(new DirectoryStatus("local", true, null, null, true, "", false));
        }
    }

    @Test
    void readinessNamesTheLocalDirectoryAndIsUp() {
        try (FamiliarServer server = TestServers.start(tempDir)) {
            JsonNode body = HttpCalls.get(server.baseUrl() + "/health/ready").json();

            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/directory/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/directory/detail").asText()).startsWith("local: dry-run of Microsoft Entra");
        }
    }

    @Test
    void anUnreachableEntraDirectoryIsReportedAndDegradesReadinessWithoutDowningIt() {
        FakeEntra entra = new FakeEntra();
        entra.reachable.set(false);
        DirectoryStatusRoutes routes = new DirectoryStatusRoutes(entra, ENTRA, new MutableClock(Instant.EPOCH));
        try (Database database = Database.open(TestServers.config(tempDir))) {
            HealthReport report = new HealthRoutes(database, Optional.empty(), () -> "local", "dry-run", false,
                    routes::readiness).ready();

            assertThat(report.status()).isEqualTo(HealthReport.DEGRADED);
            ComponentHealth check = report.checks().get("directory");
            assertThat(check.status()).isEqualTo(HealthReport.DEGRADED);
            assertThat(check.detail()).contains("tenant-1234").contains("Graph did not answer")
                    .doesNotContain("s3cr3t");
        }
        assertThat(routes.status()).isEqualTo(new DirectoryStatus("entra", false, "tenant-1234",
                "https://graph.example.test/v1.0", false, "Graph did not answer", true));
    }

    @Test
    void theProbeIsRepeatedAtMostEveryTenSeconds() {
        FakeEntra entra = new FakeEntra();
        MutableClock clock = new MutableClock(Instant.EPOCH);
        DirectoryStatusRoutes routes = new DirectoryStatusRoutes(entra, ENTRA, clock);

        assertThat(routes.readiness().status()).isEqualTo(HealthReport.UP);
        entra.reachable.set(false);
        clock.advance(Duration.ofSeconds(9));
        assertThat(routes.status().reachable()).as("the last verdict, 9 s old").isTrue();
        assertThat(entra.probes.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(routes.readiness().status()).isEqualTo(HealthReport.DEGRADED);
        assertThat(entra.probes.get()).isEqualTo(2);
    }

    /** Stands in for the Graph adapter: only its mode and its probe. */
    private static final class FakeEntra implements Directory {
        final AtomicBoolean reachable = new AtomicBoolean(true);
        final AtomicInteger probes = new AtomicInteger();

        @Override
        public DirectoryMode mode() {
            return DirectoryMode.ENTRA;
        }

        @Override
        public DirectoryHealth probe() {
            probes.incrementAndGet();
            return reachable.get() ? DirectoryHealth.up() : new DirectoryHealth(false, "Graph did not answer");
        }

        @Override
        public Page<Group> groups(String search, String cursor, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Group group(String groupId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Group create(String displayName, Optional<String> description) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Group update(String groupId, Optional<String> displayName, Optional<String> description) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String groupId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<Person> members(String groupId, String cursor, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Person> searchUsers(String search, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Person> userByEmail(String email) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Person> userById(String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AddOutcome> addMembers(String groupId, List<String> userIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeMember(String groupId, String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> groupIdsOf(String userId) {
            throw new UnsupportedOperationException();
        }
    }
}
