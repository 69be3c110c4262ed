package dev.familiar.server.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.billing.WebhookAccepted;
import dev.familiar.model.billing.WebhookEventView;
import dev.familiar.server.auth.Access;
import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.billing.webhook.WebhookSignature;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UC-12 webhook intake ({@code POST /api/webhooks/stripe}) and the first admins' list of the inbox
 * ({@code GET /api/admin/webhooks/events}); UC-16 replay and the paged inbox are in {@code billing.inbox}.
 *
 * <p>Intake verifies the {@code Stripe-Signature} over the raw body whenever a signing secret is configured (in
 * dry-run too); a bad signature is 400 and nothing is stored. Without a secret nothing is stored: Stripe mode answers
 * 503 (misconfigured), dry-run 403 (the dry-run provider feeds its own events to the inbox and needs no route),
 * unless the development switch {@code FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED} is on, which accepts unsigned events
 * and logs a warning for each. A valid event is stored once by id (a duplicate delivery is 202 again and queues
 * nothing) and applied by the worker.
 */
public final class WebhookRoutes implements RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,250}");
    static final Pattern EVENT_TYPE = Pattern.compile("[a-z_]+(\\.[a-z_]+){1,4}");
    static final int MAX_PAYLOAD_CHARS = 1_000_000;
    /** {@code created} bounds (Unix seconds): 2000-01-01 to 2100-01-01; Stripe has no events outside them. */
    static final long MIN_CREATED = 946_684_800L;
    static final long MAX_CREATED = 4_102_444_800L;
    static final Set<String> STATUSES = Set.of(InboxEvent.PENDING, InboxEvent.APPLIED, InboxEvent.STALE,
            InboxEvent.IGNORED, InboxEvent.FAILED);

    private final JsonBodies bodies;
    private final ObjectMapper mapper;
    private final WebhookSignature signature;
    private final boolean dryRun;
    private final boolean acceptUnsigned;
    private final WebhookInbox inbox;
    private final Runnable eventsWaiting;

    /**
     * @param acceptUnsigned the development switch: without a signing secret, store unsigned events (dry-run only)
     */
    public WebhookRoutes(JsonBodies bodies, ObjectMapper mapper, WebhookSignature signature, boolean dryRun,
                         boolean acceptUnsigned, WebhookInbox inbox, Runnable eventsWaiting) {
        if (acceptUnsigned && (!dryRun || signature.configured())) {
            throw new IllegalArgumentException("unsigned webhooks can only be accepted in dry-run without a signing secret");
        }
        this.bodies = bodies;
        this.mapper = mapper;
        this.signature = signature;
        this.dryRun = dryRun;
        this.acceptUnsigned = acceptUnsigned;
        this.inbox = inbox;
        this.eventsWaiting = eventsWaiting;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/webhooks/stripe", Access.PUBLIC, this::intake);
        routes.get("/api/admin/webhooks/events", Access.ADMIN, this::list);
    }

    private void intake(Context ctx) throws Exception {
        byte[] raw = ctx.bodyAsBytes();
        if (signature.configured()) {
            try {
                signature.verify(raw, ctx.header("Stripe-Signature"));
            } catch (WebhookSignature.Invalid e) {
                LOG.warn("Webhook refused: {}", e.getMessage());
                throw ApiError.validation(Map.of("Stripe-Signature", e.getMessage()));
            }
        } else if (!dryRun) {
            throw ApiError.of(ErrorCode.SERVICE_UNAVAILABLE,
                    "Webhooks are refused: no signing secret is configured (FAMILIAR_STRIPE_WEBHOOK_SECRET)");
        } else if (!acceptUnsigned) {
            LOG.warn("Unsigned webhook refused: no FAMILIAR_STRIPE_WEBHOOK_SECRET is configured to verify it");
            throw ApiError.of(ErrorCode.FORBIDDEN, "Webhooks are refused: no signing secret is configured to verify them "
                    + "(FAMILIAR_STRIPE_WEBHOOK_SECRET). Dry-run billing feeds its own events; for development only, "
                    + "FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED=true accepts unsigned events");
        }
        String payload = new String(raw, StandardCharsets.UTF_8);
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            throw new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "The event is larger than " + MAX_PAYLOAD_CHARS + " characters",
                    413);
        }
        JsonNode event;
        try {
            event = mapper.readTree(payload);
        } catch (Exception e) {
            throw ApiError.validation(Map.of("body", "must be a Stripe event in JSON"));
        }
        Validation v = new Validation();
        String id = event == null ? null : event.path("id").asText(null);
        String type = event == null ? null : event.path("type").asText(null);
        v.text("id", id, 1, 255, EVENT_ID, "must be a Stripe event id such as evt_123");
        v.text("type", type, 1, 100, EVENT_TYPE, "must be an event type such as invoice.paid");
        JsonNode created = event == null ? null : event.path("created");
        v.require(created != null && created.isIntegralNumber() && created.canConvertToLong()
                        && created.asLong() >= MIN_CREATED && created.asLong() <= MAX_CREATED, "created",
                "must be a Unix time in seconds between " + MIN_CREATED + " and " + MAX_CREATED);
        v.require(event != null && event.path("data").path("object").isObject(), "data.object", "must be an object");
        v.check();
        String objectId = event.path("data").path("object").path("id").asText(null);
        if (!signature.configured()) {
            LOG.warn("UNSIGNED webhook {} ({}) accepted WITHOUT a signature check: development switch "
                    + "FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED=true; anyone who can reach this route can change billing state",
                    id, type);
        }
        String correlation = RequestContextFilter.current(ctx).correlationId();
        boolean stored = inbox.store(id, type, objectId, event.get("created").asLong(), payload, correlation,
                WebhookInbox.SOURCE_STRIPE);
        if (stored) {
            eventsWaiting.run();
        }
        ApiResponses.ok(ctx, 202, new WebhookAccepted(id, !stored));
    }

    private void list(Context ctx) throws Exception {
        Validation v = new Validation();
        String status = ctx.queryParam("status");
        if (status != null) {
            v.require(STATUSES.contains(status), "status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), 50, 1, 500);
        v.check();
        List<WebhookEventView> out = new ArrayList<>();
        for (InboxEvent e : inbox.list(Optional.ofNullable(status), limit)) {
            out.add(new WebhookEventView(e.eventId(), e.type(), e.objectId(), e.status(), e.attempts(), e.lastError(),
                    e.receivedAt(), e.appliedAt(), e.correlationId(), e.source()));
        }
        ApiResponses.ok(ctx, out);
    }
}
