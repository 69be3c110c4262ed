package dev.familiar.admin.webhooks;

import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.WebhookEventDetail;
import dev.familiar.model.billing.WebhookEventPage;
import java.time.Instant;
import java.util.List;

/**
 * What the Webhooks screen asks of a server ({@code /api/admin/webhooks…}, ADMIN): one page of the inbox, one event
 * with its payload, and a replay. Calls block and throw the typed client's {@link dev.familiar.model.api.ApiError}
 * when the server refuses. {@link ClientWebhooksApi} is the adapter over the typed client; tests use a fake.
 */
public interface WebhooksApi {

    /**
     * One page of the inbox, newest received first. {@code status} (PENDING, APPLIED, STALE, IGNORED, FAILED),
     * {@code type} (exact, or a prefix ending in {@code *}), {@code from} (inclusive) and {@code to} (exclusive) may
     * be null; {@code cursor} null: the first page.
     */
    WebhookEventPage inbox(String status, String type, Instant from, Instant to, String cursor, int limit);

    /** One event and its payload (404 NOT_FOUND when unknown). */
    WebhookEventDetail event(String eventId);

    /** Queues the events again; one result per distinct id, in the order asked. */
    ReplayResult replay(List<String> eventIds);
}
