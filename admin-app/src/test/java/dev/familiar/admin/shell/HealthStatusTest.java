package dev.familiar.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.ServerUnreachableException;
import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.HealthReport.ComponentHealth;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthStatusTest {

    @Test
    void reportThatIsUpReadsHealthy() {
        HealthStatus status = HealthStatus.of(report("UP", Map.of("database", new ComponentHealth("UP", "H2"))));

        assertThat(status.state()).isEqualTo(HealthStatus.State.HEALTHY);
        assertThat(status.text()).isEqualTo("Healthy");
    }

    @Test
    void healthyDetailListsEveryCheck() {
        HealthStatus status = HealthStatus.of(report("UP", Map.of(
                "redis", new ComponentHealth("UP", ""), "database", new ComponentHealth("UP", "H2"))));

        assertThat(status.detail()).isEqualTo("database: UP (H2)\nredis: UP");
    }

    @Test
    void reportThatIsDownNamesEveryFailingCheck() {
        HealthStatus status = HealthStatus.of(report("DOWN", Map.of(
                "database", new ComponentHealth("UP", "H2"),
                "redis", new ComponentHealth("DOWN", "connection refused"))));

        assertThat(status.state()).isEqualTo(HealthStatus.State.UNHEALTHY);
        assertThat(status.text()).isEqualTo("Unhealthy: redis DOWN (connection refused)");
    }

    @Test
    void reportThatIsDownWithoutChecksNamesItsStatus() {
        HealthStatus status = HealthStatus.of(report("DOWN", null));

        assertThat(status.text()).isEqualTo("Unhealthy: status DOWN");
    }

    @Test
    void serverThatCannotBeReachedReadsUnreachableWithTheReasonAsDetail() {
        HealthStatus status = HealthStatus.of(new ServerUnreachableException(
                "Cannot reach http://127.0.0.1:1/: Connection refused", new IOException("Connection refused")));

        assertThat(status.state()).isEqualTo(HealthStatus.State.UNREACHABLE);
        assertThat(status.text()).isEqualTo("Unreachable");
        assertThat(status.detail()).isEqualTo("Cannot reach http://127.0.0.1:1/: Connection refused");
    }

    @Test
    void errorAnswerReadsUnhealthyWithItsStatusAndCode() {
        HealthStatus status = HealthStatus.of(new ApiError(ErrorCode.UNAUTHENTICATED, "Missing credentials", 401));

        assertThat(status.state()).isEqualTo(HealthStatus.State.UNHEALTHY);
        assertThat(status.text()).isEqualTo("Unhealthy: HTTP 401 UNAUTHENTICATED");
        assertThat(status.detail()).isEqualTo("Missing credentials");
    }

    @Test
    void unexpectedFailureReadsUnreachable() {
        HealthStatus status = HealthStatus.of(new IllegalStateException("boom"));

        assertThat(status.text()).isEqualTo("Unreachable");
        assertThat(status.detail()).isEqualTo("IllegalStateException: boom");
    }

    private static HealthReport report(String status, Map<String, ComponentHealth> checks) {
        return new HealthReport(status, "familiar-quota-server", "0.1.0", checks);
    }

    @Test
    void aDegradedServerSaysDegradedAndNamesWhatIsMissing() {
        HealthReport report = new HealthReport("DEGRADED", "familiar-quota-server", "1.0", java.util.Map.of(
                "database", new HealthReport.ComponentHealth("UP", "postgres"),
                "redis", new HealthReport.ComponentHealth("DOWN", "redis did not answer")));

        HealthStatus status = HealthStatus.of(report);

        org.assertj.core.api.Assertions.assertThat(status.text()).isEqualTo("Degraded: redis DOWN (redis did not answer)");
    }
}
