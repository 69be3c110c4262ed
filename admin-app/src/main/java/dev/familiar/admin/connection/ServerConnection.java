package dev.familiar.admin.connection;

import dev.familiar.model.diag.HealthReport;

/** An open connection to one quota-server. Implementations are thread-safe. */
public interface ServerConnection extends AutoCloseable {

    ConnectionSettings settings();

    /** Where the server answers, for example {@code http://127.0.0.1:53211/}. */
    String baseUrl();

    /**
     * Asks the server whether it is ready (blocking).
     *
     * @throws dev.familiar.model.client.ServerUnreachableException when it does not answer
     * @throws dev.familiar.model.api.ApiError                      when it answers with an error
     */
    HealthReport health();

    /** Releases the connection; for an embedded server, stops the server. Idempotent. */
    @Override
    void close();
}
