package dev.familiar.server.llm.provider;

/** A provider call failed; the message is safe to log (never the key or the prompt). */
public final class ProviderException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
