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
 * their URL, unless the test told it to fail for some settings.
 */
public final class FakeServerConnector implements ServerConnector {
    private final Map<ConnectionSettings, RuntimeException> failures = new HashMap<>();
    private final List<FakeServerConnection> opened = new ArrayList<>();
    private int nextPort = 40001;

    public FakeServerConnector failFor(ConnectionSettings settings, RuntimeException failure) {
        failures.put(settings, failure);
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
        FakeServerConnection connection = new FakeServerConnection(settings, baseUrl);
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
