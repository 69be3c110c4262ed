package dev.familiar.model.billing;

import java.util.List;

/** UC-16's answer: how many known events were queued again, and the ids that are not in the inbox. */
public record ReplayResult(int enqueued, List<String> unknown) {
}
