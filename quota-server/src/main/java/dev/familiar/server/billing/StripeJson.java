package dev.familiar.server.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.billing.gateway.BillingInvoice;
import dev.familiar.server.billing.gateway.BillingSubscription;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads Stripe's JSON objects as they arrive in webhook events (and as the dry-run provider writes them).
 * Accepts both layouts Stripe has used: since API version 2025-03-31 the billing period lives on the subscription
 * item and an invoice names its subscription under {@code parent.subscription_details}; before, both were top-level.
 */
public final class StripeJson {
    private StripeJson() {
    }

    public static BillingSubscription subscription(JsonNode s) {
        JsonNode item = s.path("items").path("data").path(0);
        long start = item.hasNonNull("current_period_start") ? item.get("current_period_start").asLong()
                : s.path("current_period_start").asLong();
        long end = item.hasNonNull("current_period_end") ? item.get("current_period_end").asLong()
                : s.path("current_period_end").asLong();
        return new BillingSubscription(text(s, "id").orElseThrow(() -> new IllegalArgumentException("subscription without id")),
                idOf(s.path("customer")).orElse(null), text(s, "status").orElse("incomplete"), text(item, "id").orElse(null),
                idOf(item.path("price")).orElse(null), Instant.ofEpochSecond(start), Instant.ofEpochSecond(end),
                epoch(s, "trial_end"), s.path("cancel_at_period_end").asBoolean(false),
                s.hasNonNull("pause_collection"), idOf(s.path("schedule")));
    }

    public static BillingInvoice invoice(JsonNode i) {
        JsonNode line = i.path("lines").path("data").path(0);
        Optional<Instant> periodStart = line.path("period").hasNonNull("start")
                ? Optional.of(Instant.ofEpochSecond(line.path("period").get("start").asLong())) : epoch(i, "period_start");
        Optional<Instant> periodEnd = line.path("period").hasNonNull("end")
                ? Optional.of(Instant.ofEpochSecond(line.path("period").get("end").asLong())) : epoch(i, "period_end");
        Optional<String> subscription = idOf(i.path("parent").path("subscription_details").path("subscription"))
                .or(() -> idOf(i.path("subscription")));
        return new BillingInvoice(text(i, "id").orElseThrow(() -> new IllegalArgumentException("invoice without id")),
                idOf(i.path("customer")).orElse(null), subscription, text(i, "status").orElse("draft"),
                i.path("amount_due").asLong(0), i.path("amount_paid").asLong(0), text(i, "currency").orElse("usd"),
                text(i, "hosted_invoice_url"), Instant.ofEpochSecond(i.path("created").asLong(0)), periodStart, periodEnd);
    }

    /** A field that is either an id string or an expanded object with an {@code id}. */
    public static Optional<String> idOf(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        return text(node, "id");
    }

    public static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    }

    public static Optional<Instant> epoch(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? Optional.of(Instant.ofEpochSecond(v.asLong())) : Optional.empty();
    }

    /** {@code metadata.org_id}, set on every customer, subscription and session we create. */
    public static Optional<String> orgId(JsonNode object) {
        return text(object.path("metadata"), "org_id");
    }
}
