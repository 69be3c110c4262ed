package dev.familiar.model.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.familiar.model.billing.ReplayRequest;
import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.WebhookAccepted;
import dev.familiar.model.billing.WebhookEventDetail;
import dev.familiar.model.billing.WebhookEventPage;
import dev.familiar.model.billing.WebhookEventView;
import java.util.List;
import java.util.Objects;

/**
 * The webhook inbox: the administrators' view and replay (UC-16, ADMIN), and the Stripe intake (UC-12, public; used
 * by tests and tools that deliver a signed event as Stripe would).
 */
public final class WebhooksClient {
    private static final TypeReference<List<WebhookEventView>> EVENTS = new TypeReference<>() {
    };
    private final ApiTransport transport;

    public WebhooksClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code GET /api/admin/webhooks/events?status=&limit=}: the inbox, newest first; {@code status} (PENDING,
     * APPLIED, STALE, IGNORED, FAILED) and {@code limit} (1-500, default 50) may be null.
     */
    public List<WebhookEventView> events(String status, Integer limit) {
        return transport.get("api/admin/webhooks/events").query("status", status).query("limit", limit)
                .envelope(EVENTS);
    }

    /**
     * {@code GET /api/admin/webhooks/inbox?status=&type=&from=&to=&cursor=&limit=}: one page of the inbox, newest
     * received first; {@code from} inclusive, {@code to} exclusive (received time); every filter may be null;
     * {@code limit} 1-500, default 100.
     */
    public WebhookEventPage inbox(String status, String type, java.time.Instant from, java.time.Instant to,
                                  String cursor, Integer limit) {
        return transport.get("api/admin/webhooks/inbox").query("status", status).query("type", type)
                .query("from", from).query("to", to).query("cursor", cursor).query("limit", limit)
                .envelope(WebhookEventPage.class);
    }

    /** {@code GET /api/admin/webhooks/events/{eventId}}: one event and its payload; unknown is NOT_FOUND (404). */
    public WebhookEventDetail event(String eventId) {
        return transport.get("api/admin/webhooks/events/" + ApiPaths.segment(eventId)).envelope(WebhookEventDetail.class);
    }

    /**
     * {@code POST /api/admin/webhooks/replay}: queues known events again; one result per distinct id
     * ({@link ReplayResult#results()}); unknown ids are also listed in {@code unknown}.
     */
    public ReplayResult replay(List<String> eventIds) {
        return transport.post("api/admin/webhooks/replay").body(new ReplayRequest(eventIds)).envelope(ReplayResult.class);
    }

    /**
     * {@code POST /api/webhooks/stripe}: delivers {@code payload} byte for byte, as Stripe does, with
     * {@code stripeSignature} (null: none) as the {@code Stripe-Signature} header. A bad signature is
     * {@code VALIDATION_FAILED} (400); a server without a signing secret refuses every event (403 in dry-run, 503 with
     * Stripe). A duplicate delivery is accepted again with {@code duplicate} true.
     */
    public WebhookAccepted deliverStripeEvent(byte[] payload, String stripeSignature) {
        return transport.post("api/webhooks/stripe").anonymous().rawBody(payload, "application/json")
                .header("Stripe-Signature", stripeSignature).envelope(WebhookAccepted.class);
    }
}
