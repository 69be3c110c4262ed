package dev.familiar.admin.webhooks;

import dev.familiar.model.billing.WebhookEventView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One row of the inbox table: an event and the texts its columns show (times in the console's zone). The row stays
 * while its event changes ({@link #update}: a replayed event's status as it is followed), so the table keeps its
 * selection. UI thread only.
 */
public final class WebhookEventItemViewModel {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ReadOnlyObjectWrapper<WebhookEventView> event;
    private final ZoneId zone;

    public WebhookEventItemViewModel(WebhookEventView event, ZoneId zone) {
        this.event = new ReadOnlyObjectWrapper<>(Objects.requireNonNull(event, "event"));
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The event as last read; the columns follow it. */
    public ReadOnlyObjectProperty<WebhookEventView> eventProperty() {
        return event.getReadOnlyProperty();
    }

    public WebhookEventView event() {
        return event.get();
    }

    /** The same event read again (its id must match). */
    void update(WebhookEventView fresh) {
        if (!fresh.eventId().equals(eventId())) {
            throw new IllegalArgumentException("another event: " + fresh.eventId());
        }
        event.set(fresh);
    }

    public String eventId() {
        return event().eventId();
    }

    public String type() {
        return text(event().type());
    }

    public String objectId() {
        return text(event().objectId());
    }

    /** The status as the operator reads it: "applied", "failed", "pending"… */
    public String statusText() {
        return statusText(event().status());
    }

    public String attemptsText() {
        return Integer.toString(event().attempts());
    }

    /** The last error, empty when there is none. */
    public String lastError() {
        return text(event().lastError());
    }

    public String receivedText() {
        return time(event().receivedAt(), zone);
    }

    /** FAILED events stand out in the table. */
    public boolean failed() {
        return "FAILED".equalsIgnoreCase(event().status());
    }

    static String statusText(String status) {
        return status == null ? "" : status.toLowerCase(Locale.ROOT);
    }

    static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    @Override
    public String toString() {
        return eventId() + " " + type() + " " + statusText();
    }
}
