package dev.familiar.admin.connection;

import dev.familiar.model.diag.HealthReport;
import java.util.Optional;

/** An open connection to one quota-server. Implementations are thread-safe. */
public interface ServerConnection extends AutoCloseable {

    /**
     * The settings this connection was opened with, without a password: after a password login only the
     * username is kept (see {@link Credential#withoutPassword()}).
     */
    ConnectionSettings settings();

    /** Where the server answers, for example {@code http://127.0.0.1:53211/}. */
    String baseUrl();

    /**
     * The typed client that screens call the server with, carrying this connection's credential (on the embedded
     * server: its administrator's in-process session, renewed before it expires).
     */
    dev.familiar.model.client.FamiliarClient client();

    /**
     * Asks the server whether it is ready (blocking).
     *
     * @throws dev.familiar.model.client.ServerUnreachableException when it does not answer
     * @throws dev.familiar.model.api.ApiError                      when it answers with an error
     */
    HealthReport health();

    /**
     * Who the connection is logged in as: after a username and password, or on the embedded server (its first
     * administrator, signed in without a password); empty for an API key or no credential.
     */
    Optional<LoginSession> session();

    /**
     * When opening this connection started an embedded server on an empty database, the server's notice
     * with the first administrator's username and one-time password; empty otherwise (always for a
     * remote server). It is the only copy the console sees: show it to the operator, never log or store it.
     */
    Optional<String> oneTimeAdminNotice();

    /** Releases the connection; for an embedded server, stops the server. Idempotent. */
    @Override
    void close();
}
