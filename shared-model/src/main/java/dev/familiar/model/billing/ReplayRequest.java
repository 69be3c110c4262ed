package dev.familiar.model.billing;

import java.util.List;

/** UC-16 {@code POST /api/admin/webhooks/replay}. */
public record ReplayRequest(List<String> eventIds) {
}
