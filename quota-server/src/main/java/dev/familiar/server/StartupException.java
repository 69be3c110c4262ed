package dev.familiar.server;

/** The server could not start; the message is one line fit for an operator (no secrets). */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
