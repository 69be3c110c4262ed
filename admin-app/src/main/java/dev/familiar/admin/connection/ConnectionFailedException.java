package dev.familiar.admin.connection;

/** A connection could not be made; the message is one line fit to show to the operator. */
public final class ConnectionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
