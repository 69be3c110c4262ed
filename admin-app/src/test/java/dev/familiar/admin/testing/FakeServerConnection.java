package dev.familiar.admin.testing;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.LoginSession;
import dev.familiar.admin.connection.ServerConnection;
import dev.familiar.model.diag.HealthReport;
import java.util.Map;
import java.util.Optional;

/** A connection whose health (and admin notice and login session) the test sets; remembers whether it was closed. */
public final class FakeServerConnection implements ServerConnection {
    private final ConnectionSettings settings;
    private final String baseUrl;
    private volatile RuntimeException failure;
    private volatile HealthReport report;
    private volatile String adminNotice;
    private volatile LoginSession session;
    private volatile int healthCalls;
    private volatile int closeCount;

    public FakeServerConnection(ConnectionSettings settings, String baseUrl) {
        this.settings = settings;
        this.baseUrl = baseUrl;
        answerHealthy("1.2.3");
    }

    public static HealthReport report(String status, String version, Map<String, HealthReport.ComponentHealth> checks) {
        return new HealthReport(status, "familiar-quota-server", version, checks);
    }

    public FakeServerConnection answerHealthy(String version) {
        return answer(report(HealthReport.UP, version,
                Map.of("database", new HealthReport.ComponentHealth(HealthReport.UP, "H2"))));
    }

    public FakeServerConnection answer(HealthReport next) {
        this.report = next;
        this.failure = null;
        return this;
    }

    /** As if this connection's server had just created the first administrator. */
    public FakeServerConnection withAdminNotice(String notice) {
        this.adminNotice = notice;
        return this;
    }

    /** As if this connection had logged in with a username and password. */
    public FakeServerConnection withSession(LoginSession loggedIn) {
        this.session = loggedIn;
        return this;
    }

    public FakeServerConnection fail(RuntimeException next) {
        this.failure = next;
        return this;
    }

    private dev.familiar.model.client.FamiliarClient client;

    /** The client screens get while this connection is current (a client of a MockWebServer, or of a real server). */
    public FakeServerConnection withClient(dev.familiar.model.client.FamiliarClient client) {
        this.client = client;
        return this;
    }

    /** The client given with {@link #withClient}, else an unauthenticated client of {@link #baseUrl()}. */
    @Override
    public dev.familiar.model.client.FamiliarClient client() {
        if (client == null) {
            client = dev.familiar.model.client.FamiliarClient.connect(baseUrl());
        }
        return client;
    }

    @Override
    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public HealthReport health() {
        healthCalls++;
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    @Override
    public Optional<LoginSession> session() {
        return Optional.ofNullable(session);
    }

    @Override
    public Optional<String> oneTimeAdminNotice() {
        return Optional.ofNullable(adminNotice);
    }

    @Override
    public void close() {
        closeCount++;
    }

    public boolean isClosed() {
        return closeCount > 0;
    }

    public int closeCount() {
        return closeCount;
    }

    public int healthCalls() {
        return healthCalls;
    }
}
