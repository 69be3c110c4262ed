package dev.familiar.server.billing.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.server.billing.DayProration;
import dev.familiar.server.billing.StripeJson;
import dev.familiar.server.billing.gateway.BillingCustomer;
import dev.familiar.server.billing.gateway.BillingException;
import dev.familiar.server.billing.gateway.BillingGateway;
import dev.familiar.server.billing.gateway.BillingInvoice;
import dev.familiar.server.billing.gateway.BillingRefund;
import dev.familiar.server.billing.gateway.BillingSubscription;
import dev.familiar.server.billing.gateway.CheckoutSession;
import dev.familiar.server.billing.gateway.InvoicePage;
import dev.familiar.server.billing.gateway.InvoicePreview;
import dev.familiar.server.billing.gateway.PaymentHold;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.catalog.CatalogStore;
import dev.familiar.server.catalog.PlanPrice;
import dev.familiar.server.entitlement.BillingPeriod;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dry-run payment provider: no network, no money. It keeps customers, subscriptions, schedules, invoices and
 * refunds in {@code dryrun_object} in Stripe's JSON shapes, follows Stripe's rules for them (trials, immediate
 * proration invoices, changes scheduled at period end, paused collection, cancellation at period end, monthly
 * renewal), and puts the events Stripe would send into our webhook inbox, where the same worker applies them.
 *
 * <p>Differences from Stripe, on purpose: every payment succeeds; proration is day-based ({@link DayProration});
 * a Checkout Session completes at once (as if the buyer paid); renewals happen when {@link #advanceCycles} runs (every
 * minute, or from the admin renew route). Meant for one server: idempotency is kept per process and database.
 */
public final class DryRunBillingGateway implements BillingGateway {
    static final String API_VERSION = "2026-07-29.dahlia";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final DryRunObjects objects;
    private final CatalogStore catalog;
    private final WebhookInbox inbox;
    private final Runnable eventsWaiting;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong eventSequence = new AtomicLong();

    public DryRunBillingGateway(javax.sql.DataSource dataSource, CatalogStore catalog, WebhookInbox inbox,
                                Runnable eventsWaiting, ObjectMapper mapper, Clock clock) {
        this.objects = new DryRunObjects(dataSource, mapper);
        this.catalog = catalog;
        this.inbox = inbox;
        this.eventsWaiting = eventsWaiting;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public String mode() {
        return "dry-run";
    }

    @Override
    public synchronized BillingCustomer upsertCustomer(String orgId, String orgName, String email, String idempotencyKey) {
        ObjectNode customer = once(idempotencyKey, () -> {
            ObjectNode c = object("cus", "customer");
            c.put("email", email);
            c.put("name", orgName);
            c.putObject("metadata").put("org_id", orgId);
            objects.put(c, "customer", c.get("id").asText(), clock.instant());
            return c;
        });
        return new BillingCustomer(customer.get("id").asText(), customer.path("email").asText());
    }

    @Override
    public synchronized BillingSubscription createSubscription(String customerId, String orgId, String priceId,
                                                               int trialDays, String idempotencyKey) {
        return StripeJson.subscription(once(idempotencyKey, () -> newSubscription(customerId, orgId, priceId, trialDays)));
    }

    @Override
    public synchronized CheckoutSession createCheckoutSession(String customerId, String orgId, String priceId,
                                                              int trialDays, String successUrl, String cancelUrl,
                                                              String idempotencyKey) {
        ObjectNode session = once(idempotencyKey, () -> {
            ObjectNode subscription = newSubscription(customerId, orgId, priceId, trialDays);
            ObjectNode s = object("cs", "checkout.session");
            s.put("mode", "subscription");
            s.put("status", "complete");
            s.put("customer", customerId);
            s.put("client_reference_id", orgId);
            s.put("subscription", subscription.get("id").asText());
            s.put("success_url", successUrl);
            s.put("cancel_url", cancelUrl);
            s.put("url", "https://checkout.dry-run.invalid/c/pay/" + s.get("id").asText());
            s.putObject("metadata").put("org_id", orgId);
            objects.put(s, "checkout.session", customerId, clock.instant());
            emit("checkout.session.completed", s);
            return s;
        });
        return new CheckoutSession(session.get("id").asText(), session.get("url").asText());
    }

    @Override
    public synchronized BillingSubscription retrieveSubscription(String subscriptionId) {
        return StripeJson.subscription(subscription(subscriptionId));
    }

    @Override
    public synchronized InvoicePreview previewPriceChange(BillingSubscription sub, String newPriceId, boolean prorate,
                                                          Instant at) {
        PlanPrice oldPrice = price(sub.priceId());
        PlanPrice newPrice = price(newPriceId);
        if (!prorate) {
            return new InvoicePreview(newPrice.amount(), newPrice.currency(), false, List.of(new InvoicePreview.Line(
                    "1 × " + newPrice.planCode() + " (from " + sub.currentPeriodEnd() + ")", newPrice.amount(), newPriceId,
                    false)));
        }
        List<InvoicePreview.Line> lines = prorationLines(sub, oldPrice, newPrice, at);
        long total = lines.stream().mapToLong(InvoicePreview.Line::amount).sum();
        return new InvoicePreview(total, newPrice.currency(), true, lines);
    }

    @Override
    public synchronized BillingSubscription changePriceNow(BillingSubscription sub, String newPriceId,
                                                           String idempotencyKey) {
        return StripeJson.subscription(once(idempotencyKey, () -> {
            ObjectNode s = subscription(sub.id());
            BillingSubscription current = StripeJson.subscription(s);
            PlanPrice oldPrice = price(current.priceId());
            PlanPrice newPrice = price(newPriceId);
            List<InvoicePreview.Line> lines = prorationLines(current, oldPrice, newPrice, clock.instant());
            setPrice(s, newPrice);
            save(s);
            emit("customer.subscription.updated", s);
            if (!"trialing".equals(current.status())) {
                long total = lines.stream().mapToLong(InvoicePreview.Line::amount).sum();
                invoice(s, Math.max(0, total), newPrice.currency(), "subscription_update", lines, current.currentPeriodStart(),
                        current.currentPeriodEnd());
            }
            return s;
        }));
    }

    @Override
    public synchronized String schedulePriceChange(BillingSubscription sub, String newPriceId, String idempotencyKey) {
        ObjectNode schedule = once(idempotencyKey, () -> {
            ObjectNode s = subscription(sub.id());
            BillingSubscription current = StripeJson.subscription(s);
            ObjectNode sch = current.scheduleId().flatMap(objects::get).orElseGet(() -> object("sub_sched", "subscription_schedule"));
            sch.put("subscription", sub.id());
            sch.put("customer", current.customerId());
            sch.put("status", "active");
            sch.put("end_behavior", "release");
            ArrayNode phases = sch.putArray("phases");
            ObjectNode now = phases.addObject();
            now.putArray("items").addObject().put("price", current.priceId());
            now.put("start_date", current.currentPeriodStart().getEpochSecond());
            now.put("end_date", current.currentPeriodEnd().getEpochSecond());
            ObjectNode next = phases.addObject();
            next.putArray("items").addObject().put("price", newPriceId);
            next.put("start_date", current.currentPeriodEnd().getEpochSecond());
            objects.put(sch, "subscription_schedule", current.customerId(), clock.instant());
            if (!sch.get("id").asText().equals(s.path("schedule").asText(null))) {
                s.put("schedule", sch.get("id").asText());
                save(s);
                emit("customer.subscription.updated", s);
            }
            return sch;
        });
        return schedule.get("id").asText();
    }

    @Override
    public synchronized void releaseSchedule(String scheduleId, String idempotencyKey) {
        once(idempotencyKey, () -> {
            ObjectNode sch = objects.get(scheduleId).orElseThrow(() -> missing("subscription_schedule", scheduleId));
            sch.put("status", "released");
            objects.put(sch, "subscription_schedule", sch.path("customer").asText(), clock.instant());
            ObjectNode s = subscription(sch.path("subscription").asText());
            if (scheduleId.equals(s.path("schedule").asText(null))) {
                s.putNull("schedule");
                save(s);
                emit("customer.subscription.updated", s);
            }
            return sch;
        });
    }

    @Override
    public synchronized InvoicePage listInvoices(String customerId, Optional<String> startingAfter, int limit) {
        List<ObjectNode> all = objects.list("invoice", customerId);
        int from = 0;
        if (startingAfter.isPresent()) {
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).get("id").asText().equals(startingAfter.get())) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw missing("invoice", startingAfter.get());
            }
        }
        List<BillingInvoice> page = new ArrayList<>();
        for (int i = from; i < all.size() && page.size() < limit; i++) {
            page.add(StripeJson.invoice(all.get(i)));
        }
        boolean more = from + page.size() < all.size();
        return new InvoicePage(page, more && !page.isEmpty() ? Optional.of(page.get(page.size() - 1).id()) : Optional.empty());
    }

    @Override
    public synchronized String createSetupIntentSecret(String customerId, String idempotencyKey) {
        ObjectNode intent = once(idempotencyKey, () -> {
            ObjectNode si = object("seti", "setup_intent");
            si.put("customer", customerId);
            si.put("status", "requires_payment_method");
            si.put("usage", "off_session");
            si.put("client_secret", si.get("id").asText() + "_secret_" + randomId(24));
            objects.put(si, "setup_intent", customerId, clock.instant());
            return si;
        });
        return intent.get("client_secret").asText();
    }

    @Override
    public synchronized String createPortalSession(String customerId, String returnUrl) {
        ObjectNode session = object("bps", "billing_portal.session");
        session.put("customer", customerId);
        session.put("return_url", returnUrl);
        session.put("url", "https://billing.dry-run.invalid/p/session/" + session.get("id").asText());
        objects.put(session, "billing_portal.session", customerId, clock.instant());
        return session.get("url").asText();
    }

    @Override
    public synchronized BillingSubscription pauseCollection(String subscriptionId, String idempotencyKey) {
        return StripeJson.subscription(once(idempotencyKey, () -> {
            ObjectNode s = subscription(subscriptionId);
            s.putObject("pause_collection").put("behavior", "void");
            save(s);
            emit("customer.subscription.updated", s);
            return s;
        }));
    }

    @Override
    public synchronized BillingSubscription resumeCollection(String subscriptionId, String idempotencyKey) {
        return StripeJson.subscription(once(idempotencyKey, () -> {
            ObjectNode s = subscription(subscriptionId);
            s.putNull("pause_collection");
            save(s);
            emit("customer.subscription.updated", s);
            return s;
        }));
    }

    @Override
    public synchronized BillingSubscription setCancelAtPeriodEnd(String subscriptionId, boolean cancel,
                                                                 String idempotencyKey) {
        return StripeJson.subscription(once(idempotencyKey, () -> {
            ObjectNode s = subscription(subscriptionId);
            s.put("cancel_at_period_end", cancel);
            save(s);
            emit("customer.subscription.updated", s);
            return s;
        }));
    }

    @Override
    public synchronized BillingSubscription cancelNow(String subscriptionId, String idempotencyKey) {
        return StripeJson.subscription(once(idempotencyKey, () -> {
            ObjectNode s = subscription(subscriptionId);
            s.put("status", "canceled");
            s.put("canceled_at", clock.instant().getEpochSecond());
            s.put("ended_at", clock.instant().getEpochSecond());
            save(s);
            emit("customer.subscription.deleted", s);
            return s;
        }));
    }

    @Override
    public synchronized Optional<BillingInvoice> latestPaidInvoice(String subscriptionId) {
        ObjectNode s = subscription(subscriptionId);
        return objects.list("invoice", s.get("customer").asText()).stream().map(StripeJson::invoice)
                .filter(i -> i.subscriptionId().map(subscriptionId::equals).orElse(false))
                .filter(i -> "paid".equals(i.status()) && i.amountPaid() > 0).findFirst();
    }

    @Override
    public synchronized BillingRefund refundInvoice(String invoiceId, long amount, String reason, String idempotencyKey) {
        ObjectNode refund = once(idempotencyKey, () -> {
            ObjectNode invoice = objects.get(invoiceId).orElseThrow(() -> missing("invoice", invoiceId));
            long refunded = invoice.path("amount_refunded").asLong(0);
            if (amount <= 0 || refunded + amount > invoice.path("amount_paid").asLong()) {
                throw new BillingException("Refund of " + amount + " exceeds what invoice " + invoiceId + " paid", 400,
                        "amount_too_large", null);
            }
            invoice.put("amount_refunded", refunded + amount);
            objects.put(invoice, "invoice", invoice.path("customer").asText(), clock.instant());
            ObjectNode r = object("re", "refund");
            r.put("amount", amount);
            r.put("currency", invoice.path("currency").asText());
            r.put("status", "succeeded");
            r.put("payment_intent", invoice.path("payment_intent").asText());
            r.putObject("metadata").put("reason", reason).put("invoice", invoiceId);
            objects.put(r, "refund", invoice.path("customer").asText(), clock.instant());
            return r;
        });
        return new BillingRefund(refund.get("id").asText(), refund.get("amount").asLong(), refund.get("currency").asText(),
                refund.get("status").asText());
    }

    @Override
    public synchronized PaymentHold holdPayment(Optional<String> customerId, long amount, String currency,
                                                String description, String idempotencyKey) {
        ObjectNode intent = once(idempotencyKey, () -> {
            ObjectNode pi = object("pi", "payment_intent");
            pi.put("amount", amount);
            pi.put("currency", currency);
            pi.put("customer", customerId.orElse(null));
            pi.put("capture_method", "manual");
            pi.put("description", description);
            pi.put("status", "requires_capture");
            pi.putObject("metadata").put(HOLD_KEY_METADATA, idempotencyKey);
            objects.put(pi, "payment_intent", customerId.orElse(null), clock.instant());
            return pi;
        });
        return hold(intent);
    }

    @Override
    public synchronized PaymentHold retrievePayment(String paymentId) {
        return hold(objects.get(paymentId).orElseThrow(() -> missing("payment_intent", paymentId)));
    }

    @Override
    public synchronized Optional<PaymentHold> findPayment(Optional<String> customerId, String idempotencyKey,
                                                          Instant createdSince) {
        return objects.list("payment_intent", customerId.orElse(null)).stream()
                .filter(pi -> pi.path("created").asLong() >= createdSince.getEpochSecond())
                .filter(pi -> idempotencyKey.equals(pi.path("metadata").path(HOLD_KEY_METADATA).asText(null)))
                .findFirst()
                .map(DryRunBillingGateway::hold);
    }

    @Override
    public synchronized PaymentHold capturePayment(String paymentId, String idempotencyKey) {
        return hold(once(idempotencyKey, () -> moveIntent(paymentId, "requires_capture", "succeeded")));
    }

    @Override
    public synchronized PaymentHold cancelPayment(String paymentId, String idempotencyKey) {
        return hold(once(idempotencyKey, () -> moveIntent(paymentId, "requires_capture", "canceled")));
    }

    private ObjectNode moveIntent(String paymentId, String from, String to) {
        ObjectNode pi = objects.get(paymentId).orElseThrow(() -> missing("payment_intent", paymentId));
        if (!from.equals(pi.path("status").asText())) {
            throw new BillingException("This PaymentIntent's status is " + pi.path("status").asText() + ", not " + from,
                    400, "payment_intent_unexpected_state", null);
        }
        pi.put("status", to);
        objects.put(pi, "payment_intent", pi.path("customer").asText(null), clock.instant());
        return pi;
    }

    private static PaymentHold hold(ObjectNode pi) {
        return new PaymentHold(pi.get("id").asText(), pi.path("amount").asLong(), pi.path("currency").asText(),
                pi.path("status").asText());
    }

    /**
     * Renews every subscription whose period has ended by now, as Stripe's billing cycle would: applies a scheduled
     * price, ends subscriptions set to cancel at period end, and bills the new period (voided while collection is
     * paused). Returns how many periods were rolled.
     */
    public synchronized int advanceCycles() {
        int rolled = 0;
        Instant now = clock.instant();
        for (ObjectNode s : objects.list("subscription", null)) {
            rolled += advance(s, now);
        }
        return rolled;
    }

    /** As {@link #advanceCycles()} for one subscription. */
    public synchronized int advanceCycle(String subscriptionId) {
        return advance(subscription(subscriptionId), clock.instant());
    }

    private int advance(ObjectNode s, Instant now) {
        int rolled = 0;
        while (true) {
            BillingSubscription current = StripeJson.subscription(s);
            if ("canceled".equals(current.status()) || current.currentPeriodEnd().isAfter(now)) {
                return rolled;
            }
            if (current.cancelAtPeriodEnd()) {
                s.put("status", "canceled");
                s.put("ended_at", current.currentPeriodEnd().getEpochSecond());
                save(s);
                emit("customer.subscription.deleted", s);
                return rolled + 1;
            }
            if (current.scheduleId().isPresent()) {
                ObjectNode sch = objects.get(current.scheduleId().get()).orElseThrow();
                JsonNode next = sch.path("phases").path(1);
                if ("active".equals(sch.path("status").asText()) && next.path("start_date").asLong()
                        <= current.currentPeriodEnd().getEpochSecond()) {
                    setPrice(s, price(next.path("items").path(0).path("price").asText()));
                    sch.put("status", "completed");
                    objects.put(sch, "subscription_schedule", current.customerId(), now);
                    s.putNull("schedule");
                }
            }
            BillingPeriod period = BillingPeriod.startingAt(current.currentPeriodEnd());
            ObjectNode item = (ObjectNode) s.path("items").path("data").path(0);
            item.put("current_period_start", period.start().getEpochSecond());
            item.put("current_period_end", period.end().getEpochSecond());
            s.put("status", "active");
            save(s);
            PlanPrice price = price(StripeJson.subscription(s).priceId());
            boolean paused = s.hasNonNull("pause_collection");
            invoiceForPeriod(s, paused ? 0 : price.amount(), price, period, paused ? "void" : "paid");
            emit("customer.subscription.updated", s);
            rolled++;
        }
    }

    private ObjectNode newSubscription(String customerId, String orgId, String priceId, int trialDays) {
        PlanPrice price = price(priceId);
        Instant now = clock.instant();
        ObjectNode s = object("sub", "subscription");
        s.put("customer", customerId);
        s.put("collection_method", "charge_automatically");
        s.put("cancel_at_period_end", false);
        s.putNull("pause_collection");
        s.putNull("schedule");
        s.putObject("metadata").put("org_id", orgId);
        ObjectNode items = s.putObject("items");
        items.put("object", "list");
        ObjectNode item = items.putArray("data").addObject();
        item.put("id", "si_" + randomId(14));
        item.put("object", "subscription_item");
        setPrice(s, price);
        BillingPeriod period;
        if (trialDays > 0) {
            Instant trialEnd = now.plus(Duration.ofDays(trialDays));
            period = new BillingPeriod(now, trialEnd);
            s.put("status", "trialing");
            s.put("trial_start", now.getEpochSecond());
            s.put("trial_end", trialEnd.getEpochSecond());
        } else {
            period = BillingPeriod.startingAt(now);
            s.put("status", "active");
            s.putNull("trial_end");
        }
        item.put("current_period_start", period.start().getEpochSecond());
        item.put("current_period_end", period.end().getEpochSecond());
        s.put("billing_cycle_anchor", period.end().getEpochSecond());
        save(s);
        emit("customer.subscription.created", s);
        invoiceForPeriod(s, trialDays > 0 ? 0 : price.amount(), price, period, "paid");
        return s;
    }

    private void invoiceForPeriod(ObjectNode s, long amount, PlanPrice price, BillingPeriod period, String status) {
        String reason = s.path("status").asText().equals("trialing") || !objects.list("invoice", s.get("customer").asText())
                .stream().anyMatch(i -> s.get("id").asText().equals(StripeJson.invoice(i).subscriptionId().orElse("")))
                ? "subscription_create" : "subscription_cycle";
        invoice(s, amount, price.currency(), reason, List.of(new InvoicePreview.Line("1 × " + price.planCode(), amount,
                price.providerPriceId(true), false)), period.start(), period.end(), status);
    }

    private void invoice(ObjectNode s, long amount, String currency, String reason, List<InvoicePreview.Line> lines,
                         Instant periodStart, Instant periodEnd) {
        invoice(s, amount, currency, reason, lines, periodStart, periodEnd, "paid");
    }

    private void invoice(ObjectNode s, long amount, String currency, String reason, List<InvoicePreview.Line> lines,
                         Instant periodStart, Instant periodEnd, String finalStatus) {
        ObjectNode inv = object("in", "invoice");
        String customer = s.get("customer").asText();
        inv.put("customer", customer);
        inv.put("currency", currency);
        inv.put("billing_reason", reason);
        inv.put("amount_due", amount);
        inv.put("amount_paid", 0);
        inv.put("total", amount);
        inv.put("status", "open");
        inv.put("hosted_invoice_url", "https://invoice.dry-run.invalid/i/" + inv.get("id").asText());
        inv.put("period_start", periodStart.getEpochSecond());
        inv.put("period_end", periodEnd.getEpochSecond());
        inv.putObject("parent").put("type", "subscription_details").putObject("subscription_details")
                .put("subscription", s.get("id").asText());
        inv.putObject("metadata").put("org_id", s.path("metadata").path("org_id").asText());
        ObjectNode lineList = inv.putObject("lines");
        lineList.put("object", "list");
        ArrayNode data = lineList.putArray("data");
        for (InvoicePreview.Line line : lines) {
            ObjectNode l = data.addObject();
            l.put("object", "line_item");
            l.put("description", line.description());
            l.put("amount", line.amount());
            l.putObject("period").put("start", periodStart.getEpochSecond()).put("end", periodEnd.getEpochSecond());
            l.putObject("pricing").putObject("price_details").put("price", line.priceId());
            l.put("proration", line.proration());
        }
        objects.put(inv, "invoice", customer, clock.instant());
        emit("invoice.finalized", inv);
        inv.put("status", finalStatus);
        if ("paid".equals(finalStatus)) {
            inv.put("amount_paid", amount);
            inv.put("payment_intent", "pi_" + randomId(24));
        }
        objects.put(inv, "invoice", customer, clock.instant());
        if ("paid".equals(finalStatus)) {
            emit("invoice.paid", inv);
        }
    }

    private List<InvoicePreview.Line> prorationLines(BillingSubscription sub, PlanPrice oldPrice, PlanPrice newPrice,
                                                     Instant at) {
        if ("trialing".equals(sub.status())) {
            return List.of(new InvoicePreview.Line("Remaining trial on " + newPrice.planCode(), 0,
                    newPrice.providerPriceId(true), true));
        }
        long credit = DayProration.unusedShare(oldPrice.amount(), at, sub.currentPeriodStart(), sub.currentPeriodEnd());
        long charge = DayProration.unusedShare(newPrice.amount(), at, sub.currentPeriodStart(), sub.currentPeriodEnd());
        return List.of(
                new InvoicePreview.Line("Unused time on " + oldPrice.planCode() + " ("
                        + DayProration.formula(oldPrice.amount(), at, sub.currentPeriodStart(), sub.currentPeriodEnd()) + ")",
                        -credit, oldPrice.providerPriceId(true), true),
                new InvoicePreview.Line("Remaining time on " + newPrice.planCode() + " ("
                        + DayProration.formula(newPrice.amount(), at, sub.currentPeriodStart(), sub.currentPeriodEnd()) + ")",
                        charge, newPrice.providerPriceId(true), true));
    }

    private void setPrice(ObjectNode s, PlanPrice price) {
        ObjectNode p = ((ObjectNode) s.path("items").path("data").path(0)).putObject("price");
        p.put("id", price.providerPriceId(true));
        p.put("object", "price");
        p.put("currency", price.currency());
        p.put("unit_amount", price.amount());
        p.putObject("recurring").put("interval", price.interval());
        p.putObject("metadata").put("plan_code", price.planCode());
    }

    private PlanPrice price(String priceId) {
        try {
            return catalog.findByProviderPrice(priceId).orElseThrow(() -> new BillingException(
                    "No such price: '" + priceId + "'", 400, "resource_missing", null));
        } catch (SQLException e) {
            throw new BillingException("dry-run catalog read failed", 0, "", e);
        }
    }

    private ObjectNode subscription(String id) {
        return objects.get(id).orElseThrow(() -> missing("subscription", id));
    }

    private void save(ObjectNode s) {
        objects.put(s, "subscription", s.get("customer").asText(), clock.instant());
    }

    private static BillingException missing(String type, String id) {
        return new BillingException("No such " + type + ": '" + id + "'", 404, "resource_missing", null);
    }

    private ObjectNode object(String prefix, String type) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", prefix + "_" + randomId(14));
        o.put("object", type);
        o.put("livemode", false);
        o.put("created", clock.instant().getEpochSecond());
        return o;
    }

    /** Puts the event Stripe would send into our inbox. Ids sort in the order events were made. */
    private void emit(String type, ObjectNode object) {
        Instant now = clock.instant();
        String id = String.format("evt_dryrun_%013d%06d", now.toEpochMilli(), eventSequence.incrementAndGet() % 1_000_000);
        ObjectNode event = mapper.createObjectNode();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", API_VERSION);
        event.put("created", now.getEpochSecond());
        event.put("type", type);
        event.put("livemode", false);
        event.putObject("data").set("object", object.deepCopy());
        try {
            inbox.store(id, type, object.get("id").asText(), now.getEpochSecond(), mapper.writeValueAsString(event),
                    "dry-run:" + id, WebhookInbox.SOURCE_DRY_RUN);
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BillingException("dry-run event could not be stored", 0, "", e);
        }
        eventsWaiting.run();
    }

    private interface Work {
        ObjectNode run();
    }

    /** Runs {@code work} once per idempotency key; a repeat gets the first answer back. */
    private ObjectNode once(String idempotencyKey, Work work) {
        Optional<String> prior = objects.remembered(idempotencyKey);
        if (prior.isPresent()) {
            try {
                return (ObjectNode) mapper.readTree(prior.get());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        ObjectNode result = work.run();
        try {
            objects.remember(idempotencyKey, mapper.writeValueAsString(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    private String randomId(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
