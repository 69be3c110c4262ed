package dev.familiar.server.billing.gateway;

/**
 * The payment provider refused or failed a call. The message is safe to log (no keys, no secrets);
 * {@code status} is the provider's HTTP status (0 when it could not be reached).
 *
 * <p>{@link #outcome()} tells a clear refusal (the provider answered that it did not do it: a declined card, an
 * invalid request) from an unknown outcome (no answer, a 5xx or 429, or a 2xx that could not be read): after an
 * unknown outcome the call may or may not have taken effect, and the caller has to look the object up.
 */
public final class BillingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether the provider clearly refused, or whether nobody knows what happened. */
    public enum Outcome { REFUSED, UNKNOWN }

    private final int status;
    private final String providerCode;
    private final Outcome outcome;

    /** An exception whose outcome follows from {@code status}: 0, 2xx, 429 and 5xx are unknown, the rest refusals. */
    public BillingException(String message, int status, String providerCode, Throwable cause) {
        this(message, status, providerCode, outcomeOf(status), cause);
    }

    public BillingException(String message, int status, String providerCode, Outcome outcome, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.providerCode = providerCode;
        this.outcome = outcome;
    }

    public static Outcome outcomeOf(int status) {
        return status == 0 || (status >= 200 && status < 300) || status == 429 || status >= 500
                ? Outcome.UNKNOWN : Outcome.REFUSED;
    }

    public int status() {
        return status;
    }

    /** The provider's error code (such as {@code resource_missing}), or empty. */
    public String providerCode() {
        return providerCode == null ? "" : providerCode;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True when the call may or may not have taken effect (see {@link Outcome#UNKNOWN}). */
    public boolean unknownOutcome() {
        return outcome == Outcome.UNKNOWN;
    }
}
