package dev.familiar.admin.connection;

/**
 * Opens a connection to a quota-server, starting one in-process when the settings ask for it.
 * The console's port to the server side; {@link FamiliarServerConnector} is the real adapter and
 * tests use a hand-written fake.
 */
@FunctionalInterface
public interface ServerConnector {

    /**
     * Blocks until the connection is usable (for an embedded server: until it answers on its port).
     * For a remote server with a username and password, logs in (once) and uses the session token for
     * every call after that; otherwise does not check that a remote server is reachable: its health says so.
     *
     * @throws ConnectionFailedException when the connection cannot be made or the login is refused, with a
     *                                   one-line reason fit to show to the operator
     */
    ServerConnection open(ConnectionSettings settings);
}
