package dev.familiar.admin.webhooks;

import java.util.Locale;
import java.util.Objects;

/**
 * One line of the replay results: the event, what the server said of the replay ({@code QUEUED}, {@code UNKNOWN},
 * {@code ALREADY_PENDING}) and, for a queued event, its status as last seen while it was followed.
 *
 * @param status    the event's status as last read (PENDING while it waits; null when not followed)
 * @param error     the event's last error as last read (shown when it failed again), or null
 * @param following whether the screen still checks the event
 * @param note      why the event is no longer followed before it ended ("stopped", "still pending after …"), or null
 */
public record ReplayItemViewModel(String eventId, String type, String result, String status, String error,
                                  boolean following, String note) {
    public static final String QUEUED = "QUEUED";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String ALREADY_PENDING = "ALREADY_PENDING";

    public ReplayItemViewModel {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(result, "result");
    }

    /** Whether the replay ended with the event FAILED again (the line stands out). */
    public boolean failed() {
        return "FAILED".equalsIgnoreCase(status);
    }

    /** Whether the screen should keep checking it: queued and still pending. */
    boolean waiting() {
        return QUEUED.equals(result) && (status == null || "PENDING".equalsIgnoreCase(status));
    }

    ReplayItemViewModel seen(String newStatus, String newType, String newError, boolean stillFollowing) {
        return new ReplayItemViewModel(eventId, newType == null ? type : newType, result, newStatus, newError,
                stillFollowing, null);
    }

    ReplayItemViewModel stopped(String why) {
        return new ReplayItemViewModel(eventId, type, result, status, error, false, why);
    }

    /** "evt_1 (invoice.paid): queued → applied", "evt_2: unknown event", "evt_3 (…): already pending". */
    public String text() {
        StringBuilder text = new StringBuilder(eventId);
        if (type != null && !type.isBlank()) {
            text.append(" (").append(type).append(')');
        }
        text.append(": ");
        switch (result) {
            case QUEUED -> {
                text.append("queued");
                if (status != null && !"PENDING".equalsIgnoreCase(status)) {
                    text.append(" \u2192 ").append(status.toLowerCase(Locale.ROOT));
                    if (failed() && error != null && !error.isBlank()) {
                        text.append(": ").append(error);
                    }
                } else if (following) {
                    text.append(", waiting\u2026");
                }
            }
            case UNKNOWN -> text.append("unknown event (not in the inbox)");
            case ALREADY_PENDING -> text.append("already pending, nothing changed");
            default -> text.append(result.toLowerCase(Locale.ROOT));
        }
        if (note != null) {
            text.append(" (").append(note).append(')');
        }
        return text.toString();
    }
}
