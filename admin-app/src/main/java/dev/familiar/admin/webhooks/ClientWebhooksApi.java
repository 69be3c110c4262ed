package dev.familiar.admin.webhooks;

import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.WebhookEventDetail;
import dev.familiar.model.billing.WebhookEventPage;
import dev.familiar.model.client.WebhooksClient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** {@link WebhooksApi} over the typed client's webhooks area ({@code client.webhooks()}). */
public final class ClientWebhooksApi implements WebhooksApi {
    private final WebhooksClient webhooks;

    public ClientWebhooksApi(WebhooksClient webhooks) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    }

    @Override
    public WebhookEventPage inbox(String status, String type, Instant from, Instant to, String cursor, int limit) {
        return webhooks.inbox(status, type, from, to, cursor, limit);
    }

    @Override
    public WebhookEventDetail event(String eventId) {
        return webhooks.event(eventId);
    }

    @Override
    public ReplayResult replay(List<String> eventIds) {
        return webhooks.replay(List.copyOf(eventIds));
    }
}
