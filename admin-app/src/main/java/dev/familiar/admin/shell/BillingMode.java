package dev.familiar.admin.shell;

import dev.familiar.model.diag.HealthReport;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the status bar says about a server's billing: read from the {@code billing} check of its readiness
 * report, whose detail starts with {@code dry-run} (no payments are taken, Stripe is not called) or is
 * {@code stripe}. A server that reports no billing check (older servers) leaves it unknown.
 */
public record BillingMode(State state, String text, String detail) {

    public enum State { UNKNOWN, DRY_RUN, STRIPE, OTHER }

    /** The name of the check in {@code /health/ready}. */
    static final String CHECK = "billing";
    static final String DRY_RUN_TEXT = "Billing: DRY-RUN — no payments are taken";
    static final String STRIPE_TEXT = "Billing: Stripe";

    public static final BillingMode UNKNOWN = new BillingMode(State.UNKNOWN, "Billing: unknown", "");

    public BillingMode {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(text, "text");
        detail = detail == null ? "" : detail;
    }

    /** The billing check of a readiness report; {@link #UNKNOWN} when there is none. */
    public static BillingMode of(HealthReport report) {
        Map<String, HealthReport.ComponentHealth> checks = report == null ? null : report.checks();
        HealthReport.ComponentHealth billing = checks == null ? null : checks.get(CHECK);
        if (billing == null || billing.detail() == null || billing.detail().isBlank()) {
            return UNKNOWN;
        }
        String detail = billing.detail().strip();
        String mode = detail.toLowerCase(Locale.ROOT);
        if (mode.startsWith("dry-run")) {
            return new BillingMode(State.DRY_RUN, DRY_RUN_TEXT, detail);
        }
        if (mode.equals("stripe")) {
            return new BillingMode(State.STRIPE, STRIPE_TEXT, "Payments are taken through Stripe");
        }
        return new BillingMode(State.OTHER, "Billing: " + detail, detail);
    }

    /** True when the operator should be warned: the server takes no payments. */
    public boolean warning() {
        return state == State.DRY_RUN;
    }

    /** False when the server has not said (not connected yet, or a server without a billing check). */
    public boolean known() {
        return state != State.UNKNOWN;
    }
}
