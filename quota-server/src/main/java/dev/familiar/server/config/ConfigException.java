package dev.familiar.server.config;

/** A configuration value that cannot be used; the message is one line that names the variable. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
