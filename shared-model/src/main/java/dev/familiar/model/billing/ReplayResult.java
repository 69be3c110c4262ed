package dev.familiar.model.billing;

import java.util.List;

/**
 * UC-16's answer: how many known events were queued again, the ids that are not in the inbox, and one result per
 * distinct id asked for, in the order asked ({@code results}).
 */
public record ReplayResult(int enqueued, List<String> unknown, List<ReplayOutcome> results) {
    public ReplayResult {
        unknown = unknown == null ? List.of() : List.copyOf(unknown);
        results = results == null ? List.of() : List.copyOf(results);
    }
}
