package dev.familiar.server.llm.purchase;

import dev.familiar.server.billing.gateway.BillingException;
import dev.familiar.server.billing.gateway.BillingGateway;
import dev.familiar.server.billing.gateway.PaymentHold;
import dev.familiar.server.llm.quota.QuotaKey;
import dev.familiar.server.llm.quota.QuotaStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga's steps: hold the payment (STARTED → PAYMENT_RESERVED), add the tokens to the purchased balance in the
 * same transaction as the state change (→ TOKENS_ALLOCATED, so exactly once), capture the payment (→ COMPLETED).
 * A refusal by the provider, or the saga's deadline passing, compensates what was done: the hold is voided and the
 * tokens are taken back (→ FAILED). Provider calls carry idempotency keys from the saga id, so a step repeated after
 * a crash does not pay twice.
 */
public final class PurchaseSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PurchaseSteps.class);

    /** A provider failure worth trying again (it did not answer, or answered 5xx). */
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
                compensate(p, "timed out before completing");
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
            if (transient_(e)) {
                throw new TryLater(e.getMessage(), e);
            }
            store.transition(p.sagaId(), Purchase.Status.STARTED, Purchase.Status.FAILED, Optional.empty(),
                    Optional.of("payment refused: " + e.getMessage()), true);
            LOG.info("Purchase {} failed: the payment was refused ({})", p.sagaId(), e.providerCode());
            return;
        }
        store.transition(p.sagaId(), Purchase.Status.STARTED, Purchase.Status.PAYMENT_RESERVED, Optional.of(hold.id()),
                Optional.empty(), false);
    }

    private void allocateTokens(Purchase p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (store.transition(c, p.sagaId(), Purchase.Status.PAYMENT_RESERVED, Purchase.Status.TOKENS_ALLOCATED,
                        Optional.empty(), Optional.empty(), false)) {
                    quotas.addBalance(c, owner(p), p.tokens(), clock.instant());
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void capture(Purchase p) throws SQLException, TryLater {
        try {
            gateway.capturePayment(p.paymentId().orElseThrow(), key(p, "capture"));
        } catch (BillingException e) {
            if (transient_(e)) {
                throw new TryLater(e.getMessage(), e);
            }
            compensate(p, "capture refused: " + e.getMessage());
            return;
        }
        store.transition(p.sagaId(), Purchase.Status.TOKENS_ALLOCATED, Purchase.Status.COMPLETED, Optional.empty(),
                Optional.empty(), false);
        LOG.info("Purchase {} completed: {} {} tokens", p.sagaId(), p.tokens(), p.provider());
    }

    /** Voids the hold, then takes the tokens back and ends FAILED in one transaction. */
    private void compensate(Purchase p, String reason) throws SQLException, TryLater {
        Optional<String> payment = p.paymentId();
        if (p.status() == Purchase.Status.STARTED) {
            // A hold may exist without our record of it (a crash after the provider answered): the same key finds it.
            try {
                payment = Optional.of(gateway.holdPayment(customerOfTenant.apply(p.tenantId()), p.amount(), p.currency(),
                        "purchase " + p.sagaId(), key(p, "hold")).id());
            } catch (BillingException e) {
                if (transient_(e)) {
                    throw new TryLater(e.getMessage(), e);
                }
                payment = Optional.empty();
            }
        }
        if (payment.isPresent()) {
            try {
                gateway.cancelPayment(payment.get(), key(p, "cancel"));
            } catch (BillingException e) {
                if (transient_(e)) {
                    throw new TryLater(e.getMessage(), e);
                }
                LOG.warn("Purchase {}: the hold {} could not be voided ({}); it lapses at the provider", p.sagaId(),
                        payment.get(), e.providerCode());
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String note = reason;
                if (store.transition(c, p.sagaId(), p.status(), Purchase.Status.FAILED, payment, Optional.of(note), true)
                        && p.status() == Purchase.Status.TOKENS_ALLOCATED) {
                    long balance = quotas.balanceIn(c, owner(p));
                    long back = Math.min(balance, p.tokens());
                    if (back > 0) {
                        quotas.addBalance(c, owner(p), -back, clock.instant());
                    }
                    if (back < p.tokens()) {
                        store.transition(c, p.sagaId(), Purchase.Status.FAILED, Purchase.Status.FAILED, Optional.empty(),
                                Optional.of(note + "; " + (p.tokens() - back) + " tokens were already spent"), true);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        LOG.info("Purchase {} failed and was compensated: {}", p.sagaId(), reason);
    }

    static QuotaKey owner(Purchase p) {
        return p.orgId().map(org -> QuotaKey.org(org, p.provider())).orElseGet(() -> QuotaKey.user(p.userId(), p.provider()));
    }

    private static String key(Purchase p, String step) {
        return "purchase:" + p.sagaId() + ":" + step;
    }

    private static boolean transient_(BillingException e) {
        return e.status() == 0 || e.status() >= 500 || e.status() == 429;
    }
}
