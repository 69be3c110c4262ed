package dev.familiar.server.billing.gateway;

/**
 * The payment provider refused or failed a call. The message is safe to log (no keys, no secrets);
 * {@code status} is the provider's HTTP status (0 when it could not be reached).
 */
public final class BillingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String providerCode;

    public BillingException(String message, int status, String providerCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.providerCode = providerCode;
    }

    public int status() {
        return status;
    }

    /** The provider's error code (such as {@code resource_missing}), or empty. */
    public String providerCode() {
        return providerCode == null ? "" : providerCode;
    }
}
