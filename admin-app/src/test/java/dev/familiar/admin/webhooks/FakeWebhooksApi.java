package dev.familiar.admin.webhooks;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.billing.ReplayOutcome;
import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.WebhookEventDetail;
import dev.familiar.model.billing.WebhookEventPage;
import dev.familiar.model.billing.WebhookEventView;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An inbox in memory, answering as the server's routes are documented: newest received first, the filter applied
 * (a type ending in {@code *} is a prefix), pages of {@code limit} with the index of the next row as the cursor.
 * A replay answers QUEUED for a known event (which turns PENDING), ALREADY_PENDING for a pending one, UNKNOWN else;
 * what a queued event becomes is scripted with {@link #afterReplay}: the statuses it shows on each later read.
 * Every call is recorded; a failure queued with {@link #failNext} is thrown by the next call.
 */
final class FakeWebhooksApi implements WebhooksApi {
    private final Map<String, WebhookEventView> events = new HashMap<>();
    private final Map<String, String> payloads = new HashMap<>();
    private final Map<String, Deque<String>> scripts = new HashMap<>();
    private final Map<String, String> scriptErrors = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private RuntimeException nextFailure;

    WebhookEventView add(String id, String type, String objectId, String status, int attempts, String lastError,
                         Instant receivedAt) {
        WebhookEventView event = new WebhookEventView(id, type, objectId, status, attempts, lastError, receivedAt,
                "APPLIED".equals(status) ? receivedAt.plusSeconds(1) : null, "corr-" + id, "stripe");
        events.put(id, event);
        payloads.put(id, "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":{\"object\":{\"id\":\"" + objectId
                + "\"}}}");
        return event;
    }

    /** After a replay, {@code id} reads as each of {@code statuses} in turn (the last one stays). */
    FakeWebhooksApi afterReplay(String id, String error, String... statuses) {
        scripts.put(id, new ArrayDeque<>(List.of(statuses)));
        if (error != null) {
            scriptErrors.put(id, error);
        }
        return this;
    }

    /** The server no longer knows {@code id} (a replay answers UNKNOWN for it). */
    void forget(String id) {
        events.remove(id);
    }

    FakeWebhooksApi failNext(RuntimeException failure) {
        nextFailure = failure;
        return this;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    long callsStartingWith(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    private void call(String text) {
        calls.add(text);
        if (nextFailure != null) {
            RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
    }

    @Override
    public WebhookEventPage inbox(String status, String type, Instant from, Instant to, String cursor, int limit) {
        call("inbox status=" + status + " type=" + type + " from=" + from + " to=" + to + " cursor=" + cursor
                + " limit=" + limit);
        List<WebhookEventView> matching = events.values().stream()
                .filter(e -> status == null || e.status().equals(status))
                .filter(e -> type == null || (type.endsWith("*") ? e.type().startsWith(type.substring(0,
                        type.length() - 1)) : e.type().equals(type)))
                .filter(e -> from == null || !e.receivedAt().isBefore(from))
                .filter(e -> to == null || e.receivedAt().isBefore(to))
                .sorted(Comparator.comparing(WebhookEventView::receivedAt).reversed()
                        .thenComparing(WebhookEventView::eventId))
                .toList();
        int start = cursor == null ? 0 : Integer.parseInt(cursor);
        int end = Math.min(matching.size(), start + limit);
        return new WebhookEventPage(matching.subList(start, end), end < matching.size() ? Integer.toString(end) : null);
    }

    @Override
    public WebhookEventDetail event(String eventId) {
        call("event " + eventId);
        WebhookEventView event = events.get(eventId);
        if (event == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No such event", 404).withRequestId("req-404");
        }
        Deque<String> script = scripts.get(eventId);
        if (script != null && "PENDING".equals(event.status()) && !script.isEmpty()) {
            String next = script.size() > 1 ? script.poll() : script.peek();
            boolean failed = "FAILED".equals(next);
            event = new WebhookEventView(event.eventId(), event.type(), event.objectId(), next,
                    event.attempts() + ("PENDING".equals(next) ? 0 : 1),
                    failed ? scriptErrors.get(eventId) : "APPLIED".equals(next) ? null : event.lastError(),
                    event.receivedAt(), "APPLIED".equals(next) ? event.receivedAt().plusSeconds(60) : null,
                    "replay-" + eventId, event.source());
            events.put(eventId, event);
        }
        return new WebhookEventDetail(event, payloads.get(eventId));
    }

    @Override
    public ReplayResult replay(List<String> eventIds) {
        call("replay " + String.join(",", eventIds));
        List<ReplayOutcome> results = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int enqueued = 0;
        for (String id : new LinkedHashSet<>(eventIds)) {
            WebhookEventView event = events.get(id);
            if (event == null) {
                unknown.add(id);
                results.add(new ReplayOutcome(id, "UNKNOWN"));
            } else if ("PENDING".equals(event.status())) {
                results.add(new ReplayOutcome(id, "ALREADY_PENDING"));
            } else {
                enqueued++;
                events.put(id, new WebhookEventView(id, event.type(), event.objectId(), "PENDING", event.attempts(),
                        event.lastError(), event.receivedAt(), null, event.correlationId(), event.source()));
                results.add(new ReplayOutcome(id, "QUEUED"));
            }
        }
        return new ReplayResult(enqueued, unknown, results);
    }
}
