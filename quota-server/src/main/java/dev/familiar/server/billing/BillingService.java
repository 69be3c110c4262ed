package dev.familiar.server.billing;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.billing.BillingState;
import dev.familiar.model.billing.CancelPreview;
import dev.familiar.model.billing.DowngradeScheduled;
import dev.familiar.model.billing.InvoiceList;
import dev.familiar.model.billing.InvoiceView;
import dev.familiar.model.billing.PlanChanged;
import dev.familiar.model.billing.PlanPreview;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.billing.gateway.BillingException;
import dev.familiar.server.billing.gateway.BillingGateway;
import dev.familiar.server.billing.gateway.BillingInvoice;
import dev.familiar.server.billing.gateway.BillingRefund;
import dev.familiar.server.billing.gateway.BillingSubscription;
import dev.familiar.server.billing.gateway.InvoicePage;
import dev.familiar.server.billing.gateway.InvoicePreview;
import dev.familiar.server.catalog.CatalogStore;
import dev.familiar.server.catalog.Plan;
import dev.familiar.server.catalog.PlanPrice;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.directory.provisioning.Provisioning;
import dev.familiar.server.entitlement.Entitlement;
import dev.familiar.server.entitlement.EntitlementService;
import dev.familiar.server.entitlement.EntitlementStatus;
import dev.familiar.server.entitlement.EntitlementStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's billing (UC-06 … UC-11) and the admin lifecycle (pause, resume, discontinue at period end, cancel
 * now with a pro-rated refund, renew). Every provider call carries an idempotency key built from our ids, so a
 * repeated request never creates a second object or charge. Our state is written right away from the provider's
 * answer; the webhook events that follow converge to the same state.
 */
public final class BillingService {
    private static final Logger LOG = LoggerFactory.getLogger(BillingService.class);

    /** Who asked, for the audit log. */
    public record Caller(String actor, String requestId, String clientAddress) {
    }

    /** Runs a dry-run renewal for one subscription; empty in Stripe mode, where Stripe renews by itself. */
    @FunctionalInterface
    public interface Renewals {
        int renewDue(String subscriptionId);
    }

    private final DataSource dataSource;
    private final BillingGateway gateway;
    private final BillingAccountStore accounts;
    private final CatalogStore catalog;
    private final PlanStore plans;
    private final EntitlementStore entitlementStore;
    private final EntitlementService entitlements;
    private final AuditLog audit;
    private final Optional<Renewals> renewals;
    private final Provisioning provisioning;
    private final String returnUrl;
    private final Clock clock;

    public BillingService(DataSource dataSource, BillingGateway gateway, BillingAccountStore accounts, CatalogStore catalog,
                          PlanStore plans, EntitlementStore entitlementStore, EntitlementService entitlements,
                          AuditLog audit, Optional<Renewals> renewals, Provisioning provisioning, String returnUrl,
                          Clock clock) {
        this.dataSource = dataSource;
        this.gateway = gateway;
        this.accounts = accounts;
        this.catalog = catalog;
        this.plans = plans;
        this.entitlementStore = entitlementStore;
        this.entitlements = entitlements;
        this.audit = audit;
        this.renewals = renewals;
        this.provisioning = provisioning;
        this.returnUrl = returnUrl;
        this.clock = clock;
    }

    public boolean dryRun() {
        return "dry-run".equals(gateway.mode());
    }

    public String mode() {
        return gateway.mode();
    }

    // ---- UC-06 … UC-08 -------------------------------------------------------------------------------------------

    /** UC-06: what moving to {@code planCode} would cost now. Writes nothing. */
    public PlanPreview preview(String tenantId, String planCode, boolean prorate) throws SQLException {
        BillingSubscription sub = liveSubscription(tenantId);
        PlanPrice target = price(planCode);
        if (target.providerPriceId(dryRun()).equals(sub.priceId())) {
            throw ApiError.of(ErrorCode.CONFLICT, "The organisation is already on the plan " + planCode);
        }
        plans.requireOpen(planCode);
        InvoicePreview p = call("preview the plan change",
                () -> gateway.previewPriceChange(sub, target.providerPriceId(dryRun()), prorate, clock.instant()));
        return new PlanPreview(p.amount(), p.currency(), p.proration(), p.items().stream()
                .map(l -> new PlanPreview.Item(l.description(), l.amount(), l.priceId(), l.proration())).toList());
    }

    /** UC-07: moves to a higher plan now with proration; the period's counters are kept. Idempotent. */
    public PlanChanged upgrade(String tenantId, String newPlanCode, Caller caller) throws SQLException {
        PlanPrice target = price(newPlanCode, "newPlanCode");
        Entitlement current = entitlement(tenantId);
        if (current.planCode().equals(newPlanCode)) {
            return changed(newPlanCode); // a repeat: already done, nothing charged again
        }
        PlanPrice from = price(current.planCode());
        if (target.tier() <= from.tier()) {
            throw ApiError.of(ErrorCode.CONFLICT, newPlanCode + " is not above " + current.planCode()
                    + "; use POST /api/plans/downgrade");
        }
        plans.requireOpen(newPlanCode);
        BillingAccount account = account(tenantId);
        BillingSubscription sub = liveSubscription(tenantId);
        String toPrice = target.providerPriceId(dryRun());
        if (!sub.priceId().equals(toPrice)) {
            if (account.scheduleId().isPresent()) {
                String scheduleId = account.scheduleId().get();
                call("withdraw the scheduled change", () -> {
                    gateway.releaseSchedule(scheduleId, "release:" + scheduleId);
                    return null;
                });
                accounts.setSchedule(tenantId, Optional.empty(), clock.instant());
                sub = call("read the subscription", () -> gateway.retrieveSubscription(account.subscriptionId().get()));
            }
            BillingSubscription before = sub;
            String key = "upgrade:" + tenantId + ":" + sub.id() + ":" + sub.priceId() + ":" + toPrice + ":"
                    + sub.currentPeriodStart().getEpochSecond();
            BillingSubscription after = call("change the plan", () -> gateway.changePriceNow(before, toPrice, key));
            accounts.applySubscription(after, tenantId, clock.instant());
        }
        entitlementStore.changePlan(tenantId, newPlanCode, clock.instant());
        entitlements.forget(tenantId);
        audit(tenantId, caller, "billing.plan.upgrade", newPlanCode);
        return changed(newPlanCode);
    }

    /** UC-08: moves to a lower plan at the end of the period; calling again rewrites the schedule. */
    public DowngradeScheduled downgrade(String tenantId, String newPlanCode, Caller caller) throws SQLException {
        PlanPrice target = price(newPlanCode, "newPlanCode");
        Entitlement current = entitlement(tenantId);
        PlanPrice from = price(current.planCode());
        if (target.tier() >= from.tier()) {
            throw ApiError.of(ErrorCode.CONFLICT, newPlanCode + " is not below " + current.planCode()
                    + "; use POST /api/plans/upgrade");
        }
        plans.requireOpen(newPlanCode);
        BillingSubscription sub = liveSubscription(tenantId);
        String toPrice = target.providerPriceId(dryRun());
        // The request id keeps a downgrade made after a withdrawn one from replaying the withdrawn schedule.
        String key = "downgrade:" + tenantId + ":" + sub.id() + ":" + toPrice + ":" + caller.requestId();
        String scheduleId = call("schedule the plan change", () -> gateway.schedulePriceChange(sub, toPrice, key));
        Instant effectiveAt = sub.currentPeriodEnd();
        accounts.setSchedule(tenantId, Optional.of(scheduleId), clock.instant());
        entitlementStore.schedule(tenantId, Optional.of(newPlanCode), Optional.of(effectiveAt), clock.instant());
        entitlements.forget(tenantId);
        audit(tenantId, caller, "billing.plan.downgrade", newPlanCode);
        return new DowngradeScheduled(effectiveAt, newPlanCode);
    }

    /** Withdraws a scheduled downgrade; 404 when none is scheduled. */
    public void withdrawDowngrade(String tenantId, Caller caller) throws SQLException {
        BillingAccount account = account(tenantId);
        Entitlement current = entitlement(tenantId);
        if (account.scheduleId().isEmpty() && current.scheduledPlanCode().isEmpty()) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No plan change is scheduled");
        }
        if (account.scheduleId().isPresent()) {
            String scheduleId = account.scheduleId().get();
            call("withdraw the scheduled change", () -> {
                gateway.releaseSchedule(scheduleId, "release:" + scheduleId);
                return null;
            });
        }
        accounts.setSchedule(tenantId, Optional.empty(), clock.instant());
        entitlementStore.schedule(tenantId, Optional.empty(), Optional.empty(), clock.instant());
        entitlements.forget(tenantId);
        audit(tenantId, caller, "billing.plan.downgrade.withdraw", current.scheduledPlanCode().orElse(""));
    }

    // ---- UC-09 … UC-11 -------------------------------------------------------------------------------------------

    /** UC-09: the provider's invoices of the organisation, a page at a time. */
    public InvoiceList invoices(String tenantId, Optional<String> cursor, int limit) throws SQLException {
        String customer = customer(tenantId);
        InvoicePage page = call("list invoices", () -> {
            try {
                return gateway.listInvoices(customer, cursor, limit);
            } catch (BillingException e) {
                // the cursor is the caller's input, not an object we hold: an unknown one is their mistake
                if (cursor.isPresent() && e.status() == 404) {
                    throw ApiError.validation(Map.of("cursor", "is not an invoice of this organisation"));
                }
                throw e;
            }
        });
        List<InvoiceView> items = new ArrayList<>();
        for (BillingInvoice i : page.items()) {
            items.add(new InvoiceView(i.id(), i.amountDue(), i.currency(), i.status(), i.hostedUrl().orElse(null), i.created()));
        }
        return new InvoiceList(items, page.nextCursor().orElse(null));
    }

    /** UC-10: a SetupIntent's client secret. The secret is returned, never logged or stored. */
    public String setupIntent(String tenantId, Caller caller) throws SQLException {
        String customer = customer(tenantId);
        String secret = call("create a SetupIntent",
                () -> gateway.createSetupIntentSecret(customer, "setup:" + tenantId + ":" + caller.requestId()));
        audit(tenantId, caller, "billing.payment_method.setup", customer);
        return secret;
    }

    /** UC-11: a Customer Portal URL. */
    public String portal(String tenantId, Caller caller) throws SQLException {
        String customer = customer(tenantId);
        String url = call("create a portal session", () -> gateway.createPortalSession(customer, returnUrl));
        audit(tenantId, caller, "billing.portal", customer);
        return url;
    }

    // ---- lifecycle (admin) ---------------------------------------------------------------------------------------

    public BillingState state(String tenantId) throws SQLException {
        BillingAccount account = account(tenantId);
        Entitlement e = entitlement(tenantId);
        return new BillingState(tenantId, gateway.mode(), e.planCode(), e.status().wireName(),
                account.subscriptionId().orElse(null), account.subscriptionStatus().orElse(null),
                account.cancelAtPeriodEnd(), account.paused(), account.currentPeriodEnd().orElse(null),
                e.scheduledPlanCode().orElse(null), e.scheduledAt().orElse(null), refunds(tenantId));
    }

    /** Pauses payment collection; the entitlement is paused too. Idempotent. */
    public BillingState pause(String tenantId, Caller caller) throws SQLException {
        BillingAccount account = account(tenantId);
        String subId = subscriptionId(account);
        // The provider decides, not our copy: the webhook worker may be writing an older event of this subscription
        // over it this instant (events of one second cannot be ordered), so our copy can be briefly behind.
        BillingSubscription current = provider(subId);
        BillingSubscription s = current.pausedCollection() ? current : call("pause collection",
                () -> gateway.pauseCollection(subId, "pause:" + subId + ":" + caller.requestId()));
        applyNow(tenantId, s, caller);
        audit(tenantId, caller, "billing.subscription.pause", subId);
        return stateAfter(tenantId, s);
    }

    public BillingState resume(String tenantId, Caller caller) throws SQLException {
        BillingAccount account = account(tenantId);
        String subId = subscriptionId(account);
        BillingSubscription current = provider(subId);
        BillingSubscription s = !current.pausedCollection() ? current : call("resume collection",
                () -> gateway.resumeCollection(subId, "resume:" + subId + ":" + caller.requestId()));
        applyNow(tenantId, s, caller);
        audit(tenantId, caller, "billing.subscription.resume", subId);
        return stateAfter(tenantId, s);
    }

    /** Discontinues at the end of the period ({@code discontinue} true) or undoes that. Idempotent. */
    public BillingState discontinue(String tenantId, boolean discontinue, Caller caller) throws SQLException {
        BillingAccount account = account(tenantId);
        String subId = subscriptionId(account);
        BillingSubscription current = provider(subId);
        BillingSubscription s = current.cancelAtPeriodEnd() == discontinue ? current : call(
                "set cancellation at period end", () -> gateway.setCancelAtPeriodEnd(subId, discontinue,
                        "cancel_at_period_end:" + subId + ":" + discontinue + ":" + caller.requestId()));
        applyNow(tenantId, s, caller);
        audit(tenantId, caller, discontinue ? "billing.subscription.discontinue" : "billing.subscription.discontinue.undo",
                subId);
        return stateAfter(tenantId, s);
    }

    /**
     * Cancels now and refunds the unused part of the last paid period through the provider, on that invoice's
     * payment: {@code amount_paid × whole days left / days in the period} ({@link DayProration}). Safe to repeat:
     * the cancellation and the refund carry idempotency keys and the refund is recorded once.
     */
    public BillingState cancelNow(String tenantId, Caller caller) throws SQLException {
        BillingAccount account = account(tenantId);
        String subId = subscriptionId(account);
        Optional<BillingInvoice> paid = call("find the last paid invoice", () -> gateway.latestPaidInvoice(subId));
        Instant now = clock.instant();
        BillingSubscription canceled = call("cancel the subscription", () -> gateway.cancelNow(subId, "cancel:" + subId));
        if (paid.isPresent() && !refundRecorded(tenantId, paid.get().id())) {
            BillingInvoice invoice = paid.get();
            UnusedShare share = unusedShare(account, invoice, now);
            if (share.amount() > 0) {
                BillingRefund refund = call("refund the unused period", () -> gateway.refundInvoice(invoice.id(),
                        share.amount(), "cancel now: unused part of the period", "refund:" + subId + ":" + invoice.id()));
                recordRefund(tenantId, refund, invoice.id(), share.formula());
                LOG.info("Refunded {} {} of invoice {} for organisation {} ({})", share.amount(), invoice.currency(),
                        invoice.id(), tenantId, share.formula());
            }
        }
        applyNow(tenantId, canceled, caller);
        audit(tenantId, caller, "billing.subscription.cancel_now", subId);
        return stateAfter(tenantId, canceled);
    }

    /**
     * What {@link #cancelNow} would refund now, by the same rule, without doing anything: one read of the provider
     * (the last paid invoice), no change there or here, no audit entry. Cancelling at the same moment refunds exactly
     * this amount.
     */
    public CancelPreview cancelPreview(String tenantId) throws SQLException {
        BillingAccount account = account(tenantId);
        String subId = subscriptionId(account);
        Optional<BillingInvoice> paid = call("find the last paid invoice", () -> gateway.latestPaidInvoice(subId));
        Instant now = clock.instant();
        String currency = catalog.find(entitlement(tenantId).planCode()).map(PlanPrice::currency).orElse("usd");
        if (paid.isEmpty()) {
            return new CancelPreview(tenantId, subId, null, 0, currency, "nothing was paid: nothing to refund",
                    account.currentPeriodStart().orElse(null), account.currentPeriodEnd().orElse(null), now, false);
        }
        BillingInvoice invoice = paid.get();
        UnusedShare share = unusedShare(account, invoice, now);
        boolean refunded = refundRecorded(tenantId, invoice.id());
        return new CancelPreview(tenantId, subId, invoice.id(), refunded ? 0 : share.amount(), invoice.currency(),
                refunded ? "invoice " + invoice.id() + " was already refunded" : share.formula(), share.start(),
                share.end(), now, refunded);
    }

    /** The unused part of a paid invoice's period at {@code now}, and how it was computed. */
    private record UnusedShare(long amount, String formula, Instant start, Instant end) {
    }

    private static UnusedShare unusedShare(BillingAccount account, BillingInvoice invoice, Instant now) {
        Instant start = invoice.periodStart().orElse(account.currentPeriodStart().orElse(now));
        Instant end = invoice.periodEnd().orElse(account.currentPeriodEnd().orElse(now));
        long amount = DayProration.unusedShare(invoice.amountPaid(), now, start, end);
        String formula = "amount_paid × days left / days in period = "
                + DayProration.formula(invoice.amountPaid(), now, start, end) + " " + invoice.currency();
        return new UnusedShare(amount, formula, start, end);
    }

    /**
     * Renew: in dry-run, bills the next period of a subscription whose period has ended (what Stripe's cycle does);
     * in Stripe mode renewals arrive from Stripe as {@code invoice.paid}, so there is nothing to trigger.
     */
    public BillingState renew(String tenantId, Caller caller) throws SQLException {
        BillingAccount account = account(tenantId);
        String subId = subscriptionId(account);
        if (renewals.isEmpty()) {
            throw ApiError.of(ErrorCode.CONFLICT, "Stripe renews subscriptions itself; the renewal arrives as invoice.paid");
        }
        int rolled = call("renew", () -> renewals.get().renewDue(subId));
        if (rolled == 0) {
            throw ApiError.of(ErrorCode.CONFLICT, "Nothing to renew: the period ends at "
                    + account.currentPeriodEnd().map(Instant::toString).orElse("an unknown time"));
        }
        applyNow(tenantId, call("read the subscription", () -> gateway.retrieveSubscription(subId)), caller);
        audit(tenantId, caller, "billing.subscription.renew", subId);
        return state(tenantId);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The subscription as the provider holds it now (the lifecycle actions decide on it, and write it back). */
    private BillingSubscription provider(String subscriptionId) {
        return call("read the subscription", () -> gateway.retrieveSubscription(subscriptionId));
    }

    /**
     * The state to answer after a change the provider confirmed with {@code s} (null: nothing changed). The provider's
     * answer wins over what the database holds this instant: the webhook worker may be applying an older event of
     * the same subscription right now (it converges to the newest event soon after), and the caller must read what
     * its own change did.
     */
    private BillingState stateAfter(String tenantId, BillingSubscription s) throws SQLException {
        BillingState stored = state(tenantId);
        if (s == null) {
            return stored;
        }
        return new BillingState(stored.orgId(), stored.billingMode(), stored.planCode(),
                BillingEventApplier.statusOf(s).wireName(), s.id(), s.status(), s.cancelAtPeriodEnd(),
                s.pausedCollection(), s.currentPeriodEnd(), stored.scheduledPlanCode(), stored.scheduledAt(),
                stored.refunds());
    }

    /**
     * Writes the provider's answer at once; the events that follow are no-ops or converge to the same state. A
     * subscription that ended also queues, in the same transaction, the leaving of its directory groups (issue 15).
     */
    private void applyNow(String tenantId, BillingSubscription s, Caller caller) throws SQLException {
        accounts.applySubscription(s, tenantId, clock.instant());
        EntitlementStatus status = BillingEventApplier.statusOf(s);
        Entitlement e = entitlement(tenantId);
        int queued = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                entitlementStore.applyBilling(c, tenantId, e.planCode(), status, e.trialEndsAt(),
                        status == EntitlementStatus.CANCELED, clock.instant());
                if (status == EntitlementStatus.CANCELED) {
                    queued = provisioning.ended(c, tenantId, caller.requestId());
                }
                c.commit();
            } catch (SQLException ex) {
                c.rollback();
                throw ex;
            }
        }
        entitlements.forget(tenantId);
        if (queued > 0) {
            provisioning.nudge();
        }
    }

    private PlanChanged changed(String planCode) throws SQLException {
        Plan plan = plans.find(planCode).orElseThrow();
        return new PlanChanged(planCode, plan.includedUnits());
    }

    private PlanPrice price(String planCode) throws SQLException {
        return price(planCode, "planCode");
    }

    private PlanPrice price(String planCode, String field) throws SQLException {
        PlanPrice price = catalog.find(planCode).orElseThrow(() ->
                ApiError.validation(Map.of(field, "is not a plan of the catalog")));
        if (!dryRun() && price.stripePriceId().isEmpty()) {
            throw ApiError.of(ErrorCode.CONFLICT, "The plan " + planCode
                    + " has no Stripe price id yet; set it with PUT /api/admin/catalog/plans/" + planCode);
        }
        return price;
    }

    private Entitlement entitlement(String tenantId) throws SQLException {
        return entitlementStore.find(tenantId).orElseThrow(() ->
                ApiError.of(ErrorCode.NOT_FOUND, "No such organisation"));
    }

    private BillingAccount account(String tenantId) throws SQLException {
        return accounts.find(tenantId).orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND,
                "This organisation has no billing account (it was not created through POST /api/signup)"));
    }

    private String customer(String tenantId) throws SQLException {
        return account(tenantId).customerId().orElseThrow(() -> ApiError.of(ErrorCode.CONFLICT,
                "Sign-up has not finished for this organisation; repeat POST /api/signup"));
    }

    private static String subscriptionId(BillingAccount account) {
        return account.subscriptionId().orElseThrow(() -> ApiError.of(ErrorCode.CONFLICT,
                "The organisation has no subscription yet (checkout not completed)"));
    }

    private BillingSubscription liveSubscription(String tenantId) throws SQLException {
        String subId = subscriptionId(account(tenantId));
        BillingSubscription sub = call("read the subscription", () -> gateway.retrieveSubscription(subId));
        if ("canceled".equals(sub.status()) || "incomplete_expired".equals(sub.status())) {
            throw ApiError.of(ErrorCode.CONFLICT, "The subscription is canceled");
        }
        return sub;
    }

    private boolean refundRecorded(String tenantId, String invoiceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM billing_refund WHERE tenant_id = ? AND invoice_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, invoiceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void recordRefund(String tenantId, BillingRefund refund, String invoiceId, String formula) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO billing_refund (id, tenant_id, invoice_id, amount, currency, "
                     + "formula, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, refund.id());
            ps.setString(2, tenantId);
            ps.setString(3, invoiceId);
            ps.setLong(4, refund.amount());
            ps.setString(5, refund.currency());
            ps.setString(6, formula);
            ps.setTimestamp(7, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // recorded by a concurrent repeat
                throw e;
            }
        }
    }

    private List<BillingState.RefundView> refunds(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM billing_refund WHERE tenant_id = ? ORDER BY created_at")) {
            ps.setString(1, tenantId);
            List<BillingState.RefundView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BillingState.RefundView(rs.getString("id"), rs.getString("invoice_id"), rs.getLong("amount"),
                            rs.getString("currency"), rs.getString("formula"), rs.getTimestamp("created_at").toInstant()));
                }
            }
            return out;
        }
    }

    private void audit(String tenantId, Caller caller, String action, String target) {
        audit.record(new AuditEntry(tenantId, caller.actor(), action, target, AuditEntry.Outcome.SUCCESS,
                caller.requestId(), caller.clientAddress()));
    }

    /** Calls the provider; its failures become a 502 that says what failed, never how (no keys, no bodies). */
    static <T> T call(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (BillingException e) {
            LOG.warn("Payment provider: could not {}: {} (status {})", what, e.getMessage(), e.status());
            if (e.status() == 404) {
                throw new ApiError(ErrorCode.UPSTREAM_FAILED, "The payment provider does not know an object we hold ("
                        + what + ")", 502);
            }
            // An unknown outcome (no answer, 5xx, an unreadable 2xx) keeps its cause in the log, not in the answer.
            throw new ApiError(ErrorCode.UPSTREAM_FAILED, e.unknownOutcome()
                    ? "The payment provider did not answer (" + what + "); retry later"
                    : "The payment provider refused to " + what + ": " + e.getMessage(), 502);
        }
    }
}
