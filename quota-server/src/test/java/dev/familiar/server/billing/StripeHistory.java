package dev.familiar.server.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic Stripe event history of one customer, in Stripe's JSON shapes (API 2026-07-29.dahlia): a trial, monthly
 * renewals, upgrades with proration invoices, a failed payment and its recovery, paused collection, e-mail changes,
 * and finally the end of the subscription. Events are generated in order; {@code created} never goes back and ids sort
 * in the order of generation, so (created, id) is the order Stripe made them.
 */
final class StripeHistory {
    record Event(String id, String type, String objectId, long created, String json) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String orgId;
    private final String suffix;
    private final Random random;
    private final List<Event> events = new ArrayList<>();
    private long now;
    private int sequence;
    private int invoices;
    private String price = "price_dryrun_starter";
    private String status = "trialing";
    private boolean paused;
    private long periodStart;
    private long periodEnd;
    private final long trialEnd;

    /** @param suffix makes object ids unique per tenant ({@code sub_<suffix>}, {@code in_<suffix>_3}…) */
    StripeHistory(String orgId, String suffix, long seed, Instant start) {
        this.orgId = orgId;
        this.suffix = suffix;
        this.random = new Random(seed);
        this.now = start.getEpochSecond();
        this.periodStart = now;
        this.trialEnd = start.plus(Duration.ofDays(14)).getEpochSecond();
        this.periodEnd = trialEnd;
    }

    String customerId() {
        return "cus_" + suffix;
    }

    List<Event> generate(int count) {
        emit("customer.subscription.created", subscription());
        invoice(0, "subscription_create", periodStart, periodEnd, true);
        while (events.size() < count - 6) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                renew();
            } else if (pick < 6) {
                changePrice();
            } else if (pick == 6) {
                failedPayment();
            } else if (pick == 7) {
                paused = !paused;
                tick(3_600);
                emit("customer.subscription.updated", subscription());
            } else {
                customerUpdated();
            }
        }
        while (events.size() < count - 1) {
            customerUpdated();
        }
        tick(60);
        status = "canceled";
        emit("customer.subscription.deleted", subscription());
        return List.copyOf(events);
    }

    private void customerUpdated() {
        tick(600);
        ObjectNode customer = object(customerId(), "customer");
        customer.put("email", "owner" + random.nextInt(1000) + "@" + suffix.toLowerCase() + ".example");
        customer.putObject("metadata").put("org_id", orgId);
        emit("customer.updated", customer);
    }

    private void renew() {
        now = Math.max(now, periodEnd);
        periodStart = periodEnd;
        periodEnd = Instant.ofEpochSecond(periodStart).atOffset(ZoneOffset.UTC).plusMonths(1).toInstant().getEpochSecond();
        status = "active";
        invoice(amount(), "subscription_cycle", periodStart, periodEnd, !paused);
        emit("customer.subscription.updated", subscription());
    }

    private void changePrice() {
        tick(86_400);
        price = price.endsWith("starter") ? "price_dryrun_pro" : price.endsWith("pro") ? "price_dryrun_enterprise"
                : "price_dryrun_starter";
        emit("customer.subscription.updated", subscription());
        if (!"trialing".equals(status)) {
            invoice(amount() / 2, "subscription_update", now, periodEnd, true);
        }
    }

    private void failedPayment() {
        if ("trialing".equals(status)) {
            return;
        }
        tick(7_200);
        String id = nextInvoiceId();
        ObjectNode inv = invoiceObject(id, amount(), "subscription_cycle", periodStart, periodEnd, "open", 0);
        emit("invoice.finalized", inv);
        emit("invoice.payment_failed", inv);
        status = "past_due";
        emit("customer.subscription.updated", subscription());
        tick(86_400);
        ObjectNode paid = invoiceObject(id, amount(), "subscription_cycle", periodStart, periodEnd, "paid", amount());
        emit("invoice.paid", paid);
        status = "active";
        emit("customer.subscription.updated", subscription());
    }

    private long amount() {
        return price.endsWith("starter") ? 900 : price.endsWith("pro") ? 4_900 : 49_900;
    }

    private void invoice(long amount, String reason, long start, long end, boolean pay) {
        tick(60);
        String id = nextInvoiceId();
        emit("invoice.finalized", invoiceObject(id, amount, reason, start, end, "open", 0));
        if (pay) {
            tick(random.nextInt(3)); // sometimes in the same second
            emit("invoice.paid", invoiceObject(id, amount, reason, start, end, "paid", amount));
        }
    }

    private String nextInvoiceId() {
        return "in_" + suffix + "_" + (++invoices);
    }

    private ObjectNode invoiceObject(String id, long amount, String reason, long start, long end, String state, long paid) {
        ObjectNode inv = object(id, "invoice");
        inv.put("customer", customerId());
        inv.put("status", state);
        inv.put("amount_due", amount);
        inv.put("amount_paid", paid);
        inv.put("currency", "usd");
        inv.put("billing_reason", reason);
        inv.put("hosted_invoice_url", "https://invoice.stripe.com/i/" + id);
        inv.putObject("parent").put("type", "subscription_details").putObject("subscription_details")
                .put("subscription", "sub_" + suffix);
        ObjectNode line = inv.putObject("lines").put("object", "list").putArray("data").addObject();
        line.put("amount", amount);
        line.putObject("period").put("start", start).put("end", end);
        return inv;
    }

    private ObjectNode subscription() {
        ObjectNode s = object("sub_" + suffix, "subscription");
        s.put("customer", customerId());
        s.put("status", status);
        s.put("cancel_at_period_end", false);
        if (paused) {
            s.putObject("pause_collection").put("behavior", "void");
        } else {
            s.putNull("pause_collection");
        }
        s.putNull("schedule");
        s.put("trial_end", trialEnd);
        s.putObject("metadata").put("org_id", orgId);
        ObjectNode item = s.putObject("items").put("object", "list").putArray("data").addObject();
        item.put("id", "si_" + suffix);
        item.put("object", "subscription_item");
        item.putObject("price").put("id", price).put("object", "price");
        item.put("current_period_start", periodStart);
        item.put("current_period_end", periodEnd);
        return s;
    }

    private ObjectNode object(String id, String type) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", type);
        o.put("created", now);
        return o;
    }

    private void tick(int maxSeconds) {
        now += maxSeconds <= 0 ? 0 : random.nextInt(maxSeconds + 1);
    }

    private void emit(String type, ObjectNode object) {
        String id = String.format("evt_%s_%05d", suffix, ++sequence);
        ObjectNode event = MAPPER.createObjectNode();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", "2026-07-29.dahlia");
        event.put("created", now);
        event.put("type", type);
        event.put("livemode", false);
        event.putObject("data").set("object", object.deepCopy());
        try {
            events.add(new Event(id, type, object.get("id").asText(), now, MAPPER.writeValueAsString(event)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
