package dev.familiar.server.billing.inbox;

import dev.familiar.model.billing.ReplayOutcome;
import dev.familiar.model.billing.ReplayResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * UC-16 replay: each distinct id asked for, in order, is queued again (a new correlation id {@code replay-…}),
 * found already waiting (left alone) or unknown. The worker is nudged when anything was queued.
 */
public final class WebhookReplay {
    private final InboxStore store;
    private final Runnable eventsWaiting;

    public WebhookReplay(InboxStore store, Runnable eventsWaiting) {
        this.store = store;
        this.eventsWaiting = eventsWaiting;
    }

    /** One result per distinct id; {@code enqueued} counts QUEUED, {@code unknown} lists UNKNOWN. */
    public ReplayResult replay(List<String> eventIds) throws SQLException {
        List<ReplayOutcome> results = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int enqueued = 0;
        for (String id : new LinkedHashSet<>(eventIds)) {
            InboxStore.Requeue r = store.requeue(id, "replay-" + UUID.randomUUID());
            results.add(new ReplayOutcome(id, r.name()));
            if (r == InboxStore.Requeue.QUEUED) {
                enqueued++;
            } else if (r == InboxStore.Requeue.UNKNOWN) {
                unknown.add(id);
            }
        }
        if (enqueued > 0) {
            eventsWaiting.run();
        }
        return new ReplayResult(enqueued, unknown, results);
    }
}
