package dev.familiar.server.billing.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.billing.ReplayOutcome;
import dev.familiar.model.billing.ReplayRequest;
import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.WebhookEventDetail;
import dev.familiar.model.billing.WebhookEventPage;
import dev.familiar.model.billing.WebhookEventView;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.KeysetCursor;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The administrators' webhook inbox (issue 16, ADMIN): {@code GET /api/admin/webhooks/inbox} (keyset pages, newest
 * received first, by status, type and received time), {@code GET /api/admin/webhooks/events/{eventId}} (one event and
 * its payload, pretty-printed) and UC-16 {@code POST /api/admin/webhooks/replay} (a result per event; each replayed
 * id audited as {@code billing.webhooks.replay} with target {@code <eventId> <RESULT>}).
 */
public final class WebhookInboxRoutes implements RouteModule {
    static final Pattern EVENT_ID = Pattern.compile("evt_[A-Za-z0-9_]{1,250}");
    /** An event type, or a prefix of one ending with {@code *} ({@code customer.subscription.*}, {@code invoice*}). */
    static final Pattern TYPE = Pattern.compile("[a-z_.]{1,100}\\*?|\\*");
    static final int MAX_REPLAY = 100;
    static final List<String> STATUSES = List.of(InboxEvent.APPLIED, InboxEvent.FAILED, InboxEvent.IGNORED,
            InboxEvent.PENDING, InboxEvent.STALE);
    private static final String EXAMPLE_INSTANT = "2026-01-31T00:00:00Z";

    private final JsonBodies bodies;
    private final ObjectMapper mapper;
    private final InboxStore store;
    private final WebhookReplay replay;
    private final AuditLog audit;

    public WebhookInboxRoutes(JsonBodies bodies, ObjectMapper mapper, InboxStore store, WebhookReplay replay,
                              AuditLog audit) {
        this.bodies = bodies;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.store = store;
        this.replay = replay;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/webhooks/inbox", Access.ADMIN, this::inbox);
        routes.get("/api/admin/webhooks/events/{eventId}", Access.ADMIN, this::event);
        routes.post("/api/admin/webhooks/replay", Access.ADMIN, this::replay);
    }

    private void inbox(Context ctx) throws Exception {
        Validation v = new Validation();
        String status = ctx.queryParam("status");
        v.require(status == null || STATUSES.contains(status), "status", "must be one of " + String.join(", ", STATUSES));
        String type = ctx.queryParam("type");
        v.require(type == null || TYPE.matcher(type).matches(), "type",
                "must be an event type such as invoice.paid, or a prefix ending with * such as customer.subscription.*");
        Instant from = v.optionalInstant("from", ctx.queryParam("from"), EXAMPLE_INSTANT);
        Instant to = v.optionalInstant("to", ctx.queryParam("to"), EXAMPLE_INSTANT);
        v.require(from == null || to == null || from.isBefore(to), "to", "must be after from");
        String cursorText = ctx.queryParam("cursor");
        Optional<KeysetCursor> cursor = cursorText == null ? Optional.empty() : KeysetCursor.decode(cursorText);
        v.require(cursorText == null || cursor.isPresent(), "cursor", "must be a nextCursor this list answered");
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), 100, 1, 500);
        v.check();
        boolean prefix = type != null && type.endsWith("*");
        Optional<String> typeKey = Optional.ofNullable(type).map(t -> prefix ? t.substring(0, t.length() - 1) : t)
                .filter(t -> !t.isEmpty());
        InboxFilter filter = new InboxFilter(Optional.ofNullable(status), typeKey, prefix, Optional.ofNullable(from),
                Optional.ofNullable(to));
        InboxStore.Page page = store.page(filter, cursor, limit);
        ApiResponses.ok(ctx, new WebhookEventPage(page.events().stream().map(WebhookInboxRoutes::view).toList(),
                page.next().map(KeysetCursor::encode).orElse(null)));
    }

    private void event(Context ctx) throws Exception {
        String id = ctx.pathParam("eventId");
        Validation v = new Validation();
        v.text("eventId", id, 1, 255, EVENT_ID, "must be a Stripe event id such as evt_123");
        v.check();
        InboxEvent e = store.find(id).orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "no such event in the inbox"));
        ApiResponses.ok(ctx, new WebhookEventDetail(view(e), pretty(e.payload())));
    }

    private void replay(Context ctx) throws Exception {
        ReplayRequest request = bodies.read(ctx, ReplayRequest.class);
        Validation v = new Validation();
        List<String> ids = request.eventIds();
        if (ids == null || ids.isEmpty()) {
            v.problem("eventIds", "must list 1 to " + MAX_REPLAY + " event ids");
        } else if (ids.size() > MAX_REPLAY) {
            v.problem("eventIds", "must list at most " + MAX_REPLAY + " event ids");
        } else {
            for (int i = 0; i < ids.size(); i++) {
                v.text("eventIds[" + i + "]", ids.get(i), 1, 255, EVENT_ID, "must be a Stripe event id such as evt_123");
            }
        }
        v.check();
        ReplayResult result = replay.replay(ids);
        for (ReplayOutcome o : result.results()) {
            // One entry per event, so the audit log finds a replay by event id; the id is clipped so the result fits.
            String id = o.eventId().length() > 180 ? o.eventId().substring(0, 180) + "…" : o.eventId();
            audit.record(Auditor.entry(ctx, null, "billing.webhooks.replay", id + " " + o.result(),
                    o.result().equals(InboxStore.Requeue.UNKNOWN.name()) ? AuditEntry.Outcome.FAILURE
                            : AuditEntry.Outcome.SUCCESS));
        }
        ApiResponses.ok(ctx, result);
    }

    /** The payload indented; as stored when it is not JSON (it always is: intake and dry-run both check). */
    private String pretty(String payload) {
        try {
            JsonNode tree = mapper.readTree(payload);
            return mapper.writeValueAsString(tree);
        } catch (Exception e) {
            return payload;
        }
    }

    static WebhookEventView view(InboxEvent e) {
        return new WebhookEventView(e.eventId(), e.type(), e.objectId(), e.status(), e.attempts(), e.lastError(),
                e.receivedAt(), e.appliedAt(), e.correlationId(), e.source());
    }
}
