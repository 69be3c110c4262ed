package dev.familiar.admin.testing;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import dev.familiar.admin.connection.LoginSession;
import dev.familiar.admin.connection.ServerConnection;
import dev.familiar.admin.connection.ServerConnector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens {@link FakeServerConnection}s: embedded ones on 127.0.0.1 with a made-up port, remote ones at
 * their URL, unless the test told it to fail for some settings (a refused login is such a failure). Like a
 * real server on an empty database, hands an admin notice the test queued only to the first connection opened
 * with its settings. Like the real connector, "logs in" with a username and password: the connection keeps the
 * settings without the password and carries a session for that username with the roles and expiry set here.
 */
public final class FakeServerConnector implements ServerConnector {
    private final Map<ConnectionSettings, RuntimeException> failures = new HashMap<>();
    private final Map<ConnectionSettings, String> adminNotices = new HashMap<>();
    private final List<FakeServerConnection> opened = new ArrayList<>();
    private int nextPort = 40001;
    private List<String> loginRoles = List.of("ADMIN");
    private Instant loginExpiresAt = Instant.parse("2100-01-01T00:00:00Z");
    private final List<Credential> loginsAttempted = new ArrayList<>();

    public FakeServerConnector failFor(ConnectionSettings settings, RuntimeException failure) {
        failures.put(settings, failure);
        return this;
    }

    /** The next connection opened with {@code settings} (and only that one) carries {@code notice}. */
    public FakeServerConnector adminNoticeFor(ConnectionSettings settings, String notice) {
        adminNotices.put(settings, notice);
        return this;
    }

    /** The roles and expiry of the sessions that password logins get from now on. */
    public FakeServerConnector loginAnswers(List<String> roles, Instant expiresAt) {
        this.loginRoles = List.copyOf(roles);
        this.loginExpiresAt = expiresAt;
        return this;
    }

    @Override
    public ServerConnection open(ConnectionSettings settings) {
        LoginSession session = null;
        ConnectionSettings kept = settings;
        if (settings instanceof ConnectionSettings.Remote remote
                && remote.credential().kind() == Credential.Kind.PASSWORD) {
            loginsAttempted.add(remote.credential());
            session = new LoginSession(remote.credential().username(), loginRoles, loginExpiresAt);
            kept = ConnectionSettings.remote(remote.baseUrl(), remote.credential().withoutPassword());
        }
        RuntimeException failure = failures.get(settings);
        if (failure != null) {
            throw failure;
        }
        String baseUrl = settings instanceof ConnectionSettings.Remote remote
                ? remote.baseUrl() + "/"
                : "http://127.0.0.1:" + nextPort++ + "/";
        FakeServerConnection connection = new FakeServerConnection(kept, baseUrl)
                .withAdminNotice(adminNotices.remove(settings))
                .withSession(session);
        opened.add(connection);
        return connection;
    }

    /** Each username-and-password credential a connection was opened with, in order. */
    public List<Credential> loginsAttempted() {
        return List.copyOf(loginsAttempted);
    }

    public List<FakeServerConnection> opened() {
        return List.copyOf(opened);
    }

    public FakeServerConnection last() {
        return opened.get(opened.size() - 1);
    }
}
