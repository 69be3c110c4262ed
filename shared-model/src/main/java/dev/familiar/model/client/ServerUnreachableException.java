package dev.familiar.model.client;

/** The server could not be reached, or did not answer in the expected shape. */
public final class ServerUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
