package dev.familiar.server.llm.purchase;

import dev.familiar.server.billing.gateway.BillingException;
import dev.familiar.server.billing.gateway.BillingGateway;
import dev.familiar.server.billing.gateway.PaymentHold;
import dev.familiar.server.llm.quota.QuotaKey;
import dev.familiar.server.llm.quota.QuotaStore;
import dev.familiar.server.observability.Redactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga's steps: hold the payment (STARTED → PAYMENT_RESERVED), add the tokens to the purchased balance in the
 * same transaction as the state change (→ TOKENS_ALLOCATED, so exactly once), capture the payment (→ COMPLETED).
 * A clear refusal by the provider, a hold that is not capturable, or the saga's deadline passing compensates what was
 * done: the hold is voided and the tokens are taken back (→ FAILED). Provider calls carry idempotency keys from the
 * saga id, so a step repeated after a crash does not pay twice.
 *
 * <p>The state the provider reports is checked at each step: the hold must be {@code requires_capture} after it is
 * created and again just before the capture, and {@code succeeded} after it; COMPLETED only then. A call whose outcome
 * is unknown (no answer, 5xx, an unreadable 2xx) is reconciled by looking the payment up (by id, or by the hold's key
 * in its metadata) and going on or compensating from what it is; until that is known the step is tried again later
 * ({@link TryLater}, with backoff), for at most {@link #RECONCILE_LIMIT} past the deadline. A payment found captured
 * is never compensated: the saga completes, so allocated tokens exist exactly when the money was taken.
 */
public final class PurchaseSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PurchaseSteps.class);
    /** How long after its deadline a saga whose payment state stays unknown is still reconciled. */
    static final Duration RECONCILE_LIMIT = Duration.ofHours(24);
    /** Clock skew allowed between us and the provider when listing payments created since the saga started. */
    private static final Duration LOOKUP_SLACK = Duration.ofMinutes(5);
    private static final String CAPTURABLE = "requires_capture";
    private static final String CAPTURED = "succeeded";
    private static final String PROCESSING = "processing";
    private static final String MISSING = "missing";
    private static final Set<String> FINAL = Set.of("canceled", CAPTURED, MISSING);

    /** The provider's answer is not final yet (no answer, 5xx, unreadable, a payment still moving): try again. */
    public static final class TryLater extends Exception {
        private static final long serialVersionUID = 1L;

        TryLater(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DataSource dataSource;
    private final PurchaseStore store;
    private final QuotaStore quotas;
    private final BillingGateway gateway;
    private final Function<String, Optional<String>> customerOfTenant;
    private final Clock clock;

    public PurchaseSteps(DataSource dataSource, PurchaseStore store, QuotaStore quotas, BillingGateway gateway,
                         Function<String, Optional<String>> customerOfTenant, Clock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.quotas = quotas;
        this.gateway = gateway;
        this.customerOfTenant = customerOfTenant;
        this.clock = clock;
    }

    /** Runs the saga from its stored state until it ends; throws {@link TryLater} to be resumed later. */
    public void advance(String sagaId) throws SQLException, TryLater {
        while (true) {
            Purchase p = store.find(sagaId).orElseThrow();
            if (p.status().terminal()) {
                return;
            }
            if (clock.instant().isAfter(p.deadlineAt())) {
                if (!store.hasStep(p.sagaId(), StepNote.TIMEOUT)) {
                    store.log(p.sagaId(), StepNote.of(StepNote.TIMEOUT, StepNote.FAILED, "the deadline " + p.deadlineAt()
                            + " passed in " + p.status() + ": compensating"));
                }
                try {
                    compensate(p, "timed out before completing");
                } catch (TryLater e) {
                    if (!clock.instant().isAfter(p.deadlineAt().plus(RECONCILE_LIMIT))) {
                        throw e;
                    }
                    giveUp(p, e);
                }
                continue;
            }
            switch (p.status()) {
                case STARTED -> reservePayment(p);
                case PAYMENT_RESERVED -> allocateTokens(p);
                case TOKENS_ALLOCATED -> capture(p);
                default -> throw new IllegalStateException(p.status().name());
            }
        }
    }

    private void reservePayment(Purchase p) throws SQLException, TryLater {
        PaymentHold hold;
        try {
            hold = gateway.holdPayment(customerOfTenant.apply(p.tenantId()), p.amount(), p.currency(),
                    p.tokens() + " " + p.provider() + " tokens (purchase " + p.sagaId() + ")", key(p, "hold"));
        } catch (BillingException e) {
            if (!e.unknownOutcome()) {
                // A clear refusal: nothing is held (a declined PaymentIntent holds no money).
                store.transition(p.sagaId(), Purchase.Status.STARTED, Purchase.Status.FAILED, Optional.empty(),
                        Optional.of("payment refused: " + e.getMessage()), true, StepNote.of(StepNote.RESERVE_PAYMENT,
                                StepNote.FAILED, "payment refused: " + e.getMessage()));
                LOG.info("Purchase {} failed: the payment was refused ({})", p.sagaId(), e.providerCode());
                return;
            }
            LOG.warn("Purchase {}: the hold's outcome is unknown, looking it up: {}", p.sagaId(),
                    Redactor.redact(e.getMessage()));
            store.log(p.sagaId(), StepNote.of(StepNote.RESERVE_PAYMENT, StepNote.UNKNOWN,
                    "no clear answer from the provider; looking the hold up by its key"));
            hold = lookUpHold(p).orElseThrow(() -> new TryLater("the hold's outcome is unknown and no hold was found "
                    + "(the same key is sent again): " + e.getMessage(), e));
        }
        if (!CAPTURABLE.equals(hold.status())) {
            store.transition(p.sagaId(), Purchase.Status.STARTED, Purchase.Status.STARTED, Optional.of(hold.id()),
                    Optional.empty(), false, StepNote.of(StepNote.RESERVE_PAYMENT, StepNote.FAILED,
                            "the payment " + hold.id() + " is " + hold.status() + ", not held"));
            compensate(store.find(p.sagaId()).orElseThrow(), "the payment is " + hold.status() + ", not held");
            return;
        }
        store.transition(p.sagaId(), Purchase.Status.STARTED, Purchase.Status.PAYMENT_RESERVED, Optional.of(hold.id()),
                Optional.empty(), false, StepNote.of(StepNote.RESERVE_PAYMENT, StepNote.SUCCEEDED,
                        "payment " + hold.id() + " held (" + hold.status() + ")"));
    }

    private void allocateTokens(Purchase p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (store.transition(c, p.sagaId(), Purchase.Status.PAYMENT_RESERVED, Purchase.Status.TOKENS_ALLOCATED,
                        Optional.empty(), Optional.empty(), false)) {
                    quotas.addBalance(c, owner(p), p.tokens(), clock.instant());
                    store.log(c, p.sagaId(), StepNote.of(StepNote.ALLOCATE_TOKENS, StepNote.SUCCEEDED, p.tokens() + " "
                            + p.provider() + " tokens added to the " + (p.orgId().isPresent() ? "organisation's" : "user's")
                            + " purchased balance"));
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Re-reads the hold, captures it only while it is capturable, and completes only once Stripe says succeeded. */
    private void capture(Purchase p) throws SQLException, TryLater {
        String paymentId = p.paymentId().orElseThrow();
        Optional<PaymentHold> before = read(paymentId);
        String status = before.map(PaymentHold::status).orElse("missing");
        if (!CAPTURED.equals(status)) {
            if (!CAPTURABLE.equals(status)) {
                if (PROCESSING.equals(status)) {
                    throw new TryLater("the payment " + paymentId + " is processing", null);
                }
                store.log(p.sagaId(), StepNote.of(StepNote.CAPTURE_PAYMENT, StepNote.FAILED,
                        "the payment " + paymentId + " is " + status + ", not capturable"));
                compensate(p, "the payment is " + status + ", not capturable");
                return;
            }
            try {
                status = gateway.capturePayment(paymentId, key(p, "capture")).status();
            } catch (BillingException e) {
                if (!e.unknownOutcome()) {
                    store.log(p.sagaId(), StepNote.of(StepNote.CAPTURE_PAYMENT, StepNote.FAILED,
                            "capture refused: " + e.getMessage()));
                    compensate(p, "capture refused: " + e.getMessage());
                    return;
                }
                LOG.warn("Purchase {}: the capture's outcome is unknown, looking the payment up: {}", p.sagaId(),
                        Redactor.redact(e.getMessage()));
                store.log(p.sagaId(), StepNote.of(StepNote.CAPTURE_PAYMENT, StepNote.UNKNOWN,
                        "no clear answer from the provider; reading the payment " + paymentId));
                status = read(paymentId).map(PaymentHold::status).orElse("missing");
            }
            if (CAPTURABLE.equals(status) || PROCESSING.equals(status)) {
                throw new TryLater("the payment " + paymentId + " is " + status + " after the capture", null);
            }
            if (!CAPTURED.equals(status)) {
                store.log(p.sagaId(), StepNote.of(StepNote.CAPTURE_PAYMENT, StepNote.FAILED,
                        "the payment " + paymentId + " is " + status + " after the capture"));
                compensate(p, "the payment is " + status + " after the capture");
                return;
            }
        }
        complete(p);
    }

    private void complete(Purchase p) throws SQLException {
        if (store.transition(p.sagaId(), Purchase.Status.TOKENS_ALLOCATED, Purchase.Status.COMPLETED, Optional.empty(),
                Optional.empty(), false, StepNote.of(StepNote.CAPTURE_PAYMENT, StepNote.SUCCEEDED,
                        "payment " + p.paymentId().orElse("?") + " captured"))) {
            LOG.info("Purchase {} completed: {} {} tokens", p.sagaId(), p.tokens(), p.provider());
        }
    }

    /**
     * Voids the hold, then takes the tokens back and ends FAILED in one transaction. When the hold turns out to be
     * captured already (a capture whose answer was lost), money was taken: the saga goes forward instead, so tokens
     * and money agree.
     */
    private void compensate(Purchase p, String reason) throws SQLException, TryLater {
        Optional<String> payment = p.paymentId();
        if (payment.isEmpty() && p.status() == Purchase.Status.STARTED) {
            // A hold may exist without our record of it (a crash, or an answer we could not read): look it up.
            payment = lookUpHold(p).map(PaymentHold::id);
        }
        if (payment.isPresent() && CAPTURED.equals(voidHold(p, payment.get()))) {
            LOG.warn("Purchase {}: the payment {} was captured, so the purchase goes on instead of failing ({})",
                    p.sagaId(), payment.get(), reason);
            store.log(p.sagaId(), StepNote.of(StepNote.RECONCILE, StepNote.SUCCEEDED, "the payment " + payment.get()
                    + " was captured: going on instead of compensating (" + reason + ")"));
            switch (p.status()) {
                case STARTED -> store.transition(p.sagaId(), Purchase.Status.STARTED, Purchase.Status.PAYMENT_RESERVED,
                        payment, Optional.empty(), false, StepNote.of(StepNote.RESERVE_PAYMENT, StepNote.SUCCEEDED,
                                "payment " + payment.get() + " found captured"));
                case PAYMENT_RESERVED -> allocateTokens(p);
                case TOKENS_ALLOCATED -> complete(p);
                default -> { }
            }
            return;
        }
        failAndTakeBack(p, payment, reason, StepNote.COMPENSATE, StepNote.SUCCEEDED);
        LOG.info("Purchase {} failed and was compensated: {}", p.sagaId(), reason);
    }

    /** After {@link #RECONCILE_LIMIT} past the deadline with the payment still unknown: FAILED, for a person to check. */
    private void giveUp(Purchase p, TryLater cause) throws SQLException {
        String reason = "gave up reconciling the payment " + p.paymentId().orElse("(id unknown)") + ": "
                + cause.getMessage();
        failAndTakeBack(p, p.paymentId(), reason, StepNote.GIVE_UP, StepNote.FAILED);
        LOG.error("Purchase {}: {}; check it at the provider", p.sagaId(), Redactor.redact(reason));
    }

    /**
     * Cancels the hold unless it is already final and returns its final status: {@code canceled}, {@code succeeded}
     * (captured; cannot be voided) or {@code missing}. Anything undecided is {@link TryLater}.
     */
    private String voidHold(Purchase p, String paymentId) throws TryLater {
        String status = read(paymentId).map(PaymentHold::status).orElse(MISSING);
        if (FINAL.contains(status)) {
            return status;
        }
        if (PROCESSING.equals(status)) {
            throw new TryLater("the payment " + paymentId + " is processing", null);
        }
        try {
            status = gateway.cancelPayment(paymentId, key(p, "cancel")).status();
        } catch (BillingException e) {
            LOG.warn("Purchase {}: cancelling the payment {} {}, reading it again: {}", p.sagaId(), paymentId,
                    e.unknownOutcome() ? "had an unknown outcome" : "was refused", Redactor.redact(e.getMessage()));
            status = read(paymentId).map(PaymentHold::status).orElse(MISSING);
        }
        if (FINAL.contains(status)) {
            return status;
        }
        throw new TryLater("the payment " + paymentId + " is still " + status + " after cancelling it", null);
    }

    /** The payment as the provider has it; empty when it says there is no such payment. */
    private Optional<PaymentHold> read(String paymentId) throws TryLater {
        try {
            return Optional.of(gateway.retrievePayment(paymentId));
        } catch (BillingException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw new TryLater("could not read the payment " + paymentId + ": " + e.getMessage(), e);
        }
    }

    /** The hold this saga's key created, looked up at the provider. */
    private Optional<PaymentHold> lookUpHold(Purchase p) throws TryLater {
        try {
            return gateway.findPayment(customerOfTenant.apply(p.tenantId()), key(p, "hold"),
                    p.createdAt().minus(LOOKUP_SLACK));
        } catch (BillingException e) {
            throw new TryLater("could not look the hold up: " + e.getMessage(), e);
        }
    }

    /** FAILED (compensated) in one transaction with taking back the tokens when they were allocated. */
    private void failAndTakeBack(Purchase p, Optional<String> payment, String reason, String step, String outcome)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String note = reason;
                if (store.transition(c, p.sagaId(), p.status(), Purchase.Status.FAILED, payment, Optional.of(note), true)) {
                    long back = 0;
                    if (p.status() == Purchase.Status.TOKENS_ALLOCATED) {
                        long balance = quotas.balanceIn(c, owner(p));
                        back = Math.min(balance, p.tokens());
                        if (back > 0) {
                            quotas.addBalance(c, owner(p), -back, clock.instant());
                        }
                        if (back < p.tokens()) {
                            store.transition(c, p.sagaId(), Purchase.Status.FAILED, Purchase.Status.FAILED, Optional.empty(),
                                    Optional.of(note + "; " + (p.tokens() - back) + " tokens were already spent"), true);
                        }
                    }
                    String tokens = p.status() != Purchase.Status.TOKENS_ALLOCATED ? "no tokens were allocated"
                            : back + " tokens taken back" + (back < p.tokens() ? " (" + (p.tokens() - back)
                            + " already spent)" : "");
                    store.log(c, p.sagaId(), StepNote.of(step, outcome, reason + "; " + payment.map(id -> "payment " + id
                            + " released").orElse("no payment held") + "; " + tokens));
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static QuotaKey owner(Purchase p) {
        return p.orgId().map(org -> QuotaKey.org(org, p.provider())).orElseGet(() -> QuotaKey.user(p.userId(), p.provider()));
    }

    private static String key(Purchase p, String step) {
        return "purchase:" + p.sagaId() + ":" + step;
    }

}
