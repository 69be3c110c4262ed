package dev.familiar.model.billing;

import java.util.List;

/**
 * {@code GET /api/admin/webhooks/inbox?status=&type=&from=&to=&cursor=&limit=}: the inbox, newest received first,
 * one page; {@code nextCursor} null on the last.
 */
public record WebhookEventPage(List<WebhookEventView> items, String nextCursor) {
    public WebhookEventPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
