package dev.familiar.admin.testing;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.ServerConnection;
import dev.familiar.admin.connection.ServerConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens {@link FakeServerConnection}s: embedded ones on 127.0.0.1 with a made-up port, remote ones at
 * their URL, unless the test told it to fail for some settings. Like a real server on an empty database,
 * hands an admin notice the test queued only to the first connection opened with its settings.
 */
public final class FakeServerConnector implements ServerConnector {
    private final Map<ConnectionSettings, RuntimeException> failures = new HashMap<>();
    private final Map<ConnectionSettings, String> adminNotices = new HashMap<>();
    private final List<FakeServerConnection> opened = new ArrayList<>();
    private int nextPort = 40001;

    public FakeServerConnector failFor(ConnectionSettings settings, RuntimeException failure) {
        failures.put(settings, failure);
        return this;
    }

    /** The next connection opened with {@code settings} (and only that one) carries {@code notice}. */
    public FakeServerConnector adminNoticeFor(ConnectionSettings settings, String notice) {
        adminNotices.put(settings, notice);
        return this;
    }

    @Override
    public ServerConnection open(ConnectionSettings settings) {
        RuntimeException failure = failures.get(settings);
        if (failure != null) {
            throw failure;
        }
        String baseUrl = settings instanceof ConnectionSettings.Remote remote
                ? remote.baseUrl() + "/"
                : "http://127.0.0.1:" + nextPort++ + "/";
        FakeServerConnection connection = new FakeServerConnection(settings, baseUrl)
                .withAdminNotice(adminNotices.remove(settings));
        opened.add(connection);
        return connection;
    }

    public List<FakeServerConnection> opened() {
        return List.copyOf(opened);
    }

    public FakeServerConnection last() {
        return opened.get(opened.size() - 1);
    }
}
