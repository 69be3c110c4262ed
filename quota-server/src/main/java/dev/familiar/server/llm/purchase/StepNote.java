package dev.familiar.server.llm.purchase;

import dev.familiar.server.observability.Redactor;

/**
 * One entry of a saga's step log ({@code token_purchase_step}): the step, its outcome and a short detail. The detail
 * is passed through {@link Redactor} and clipped to {@link #MAX_DETAIL} characters: provider messages can be long and
 * must never carry a secret into what administrators read.
 */
public record StepNote(String step, String outcome, String detail) {
    public static final String START = "START";
    public static final String RESERVE_PAYMENT = "RESERVE_PAYMENT";
    public static final String ALLOCATE_TOKENS = "ALLOCATE_TOKENS";
    public static final String CAPTURE_PAYMENT = "CAPTURE_PAYMENT";
    public static final String COMPENSATE = "COMPENSATE";
    /** Compensation found the payment captured: the saga goes forward instead. */
    public static final String RECONCILE = "RECONCILE";
    public static final String RETRY = "RETRY";
    /** The deadline passed: the saga is compensated. */
    public static final String TIMEOUT = "TIMEOUT";
    /** A day past the deadline with the payment's state still unknown: FAILED for a person to check. */
    public static final String GIVE_UP = "GIVE_UP";

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String RETRYING = "RETRYING";

    static final int MAX_DETAIL = 300;

    public StepNote {
        String clean = detail == null ? null : Redactor.redact(detail.replaceAll("[\\r\\n\\t]+", " "));
        detail = clean == null || clean.length() <= MAX_DETAIL ? clean : clean.substring(0, MAX_DETAIL - 1) + "…";
    }

    static StepNote of(String step, String outcome, String detail) {
        return new StepNote(step, outcome, detail);
    }
}
