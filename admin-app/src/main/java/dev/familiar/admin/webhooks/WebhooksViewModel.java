package dev.familiar.admin.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.model.billing.ReplayOutcome;
import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.WebhookEventDetail;
import dev.familiar.model.billing.WebhookEventPage;
import dev.familiar.model.billing.WebhookEventView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Webhooks screen without its nodes: the inbox filtered by status, type (exact, or a prefix ending in {@code *})
 * and received day range, paged by the server's cursor; the selected event's payload (pretty-printed) and last error;
 * and the replay of the events checked in the table, after a confirmation, with one result per event. Each event the
 * server queued is then followed ({@code event(id)} in the background, one task per round of checks, at most
 * {@link #MAX_POLLS} rounds) until it leaves PENDING, so its line shows how the replay ended (applied, failed…);
 * {@link #stopFollowing()} (and leaving the screen) ends the following at once.
 *
 * <p>Every call runs in the screen's {@link TaskScope}; a list or detail load started while an earlier one runs
 * cancels it, so the late answer is dropped. UI thread only.
 */
public final class WebhooksViewModel {
    static final int PAGE_SIZE = 50;
    /** How long the follower waits between two rounds of checks. */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * Rounds of checks before the follower gives up: more than the worker's retries of one failing event take
     * (1 + 2 + 4 … s, about two minutes for its eight attempts), so a replay that fails again is seen failing.
     */
    static final int MAX_POLLS = 180;
    /** The statuses an event can have, in the filter's order. */
    public static final List<String> STATUSES = List.of("APPLIED", "STALE", "IGNORED", "FAILED", "PENDING");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Supplier<WebhooksApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final int pageSize;
    private final Duration pollInterval;
    private final int maxPolls;
    private final ZoneId zone;

    private final ObjectProperty<String> statusFilter = new SimpleObjectProperty<>();
    private final StringProperty typeFilter = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper filterProblem = new ReadOnlyStringWrapper("");

    private final ObservableList<WebhookEventItemViewModel> events = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");
    private final ObservableList<WebhookEventItemViewModel> checked = FXCollections.observableArrayList();

    private final ReadOnlyObjectWrapper<WebhookEventItemViewModel> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper("No event selected");
    private final ReadOnlyStringWrapper payload = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detailError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detailMessage = new ReadOnlyStringWrapper("");

    private final ObservableList<ReplayItemViewModel> results = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper replayMessage = new ReadOnlyStringWrapper("");

    private Query shownQuery;
    private String nextCursor;
    private TaskHandle listLoad;
    private TaskHandle detailLoad;
    private TaskHandle follower;

    /** The filter as sent: every field may be null. */
    record Query(String status, String type, Instant from, Instant to) {
    }

    public WebhooksViewModel(Supplier<WebhooksApi> api, TaskScope tasks, DialogService dialogs) {
        this(api, tasks, dialogs, PAGE_SIZE, POLL_INTERVAL, MAX_POLLS, ZoneId.systemDefault());
    }

    WebhooksViewModel(Supplier<WebhooksApi> api, TaskScope tasks, DialogService dialogs, int pageSize,
                      Duration pollInterval, int maxPolls, ZoneId zone) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.pageSize = pageSize;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.maxPolls = maxPolls;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    // ---- the list ----

    /** Shows the screen: the first page of the inbox under the filter entered, fresh. */
    public void load(Place place) {
        search();
    }

    /**
     * Lists the first page under the filter now entered; an earlier list load is dropped. A filter that cannot be
     * sent (a {@code *} inside the type, a From day after the To day) is named in {@link #filterProblemProperty()}
     * and nothing is asked.
     */
    public void search() {
        String problem = problem();
        filterProblem.set(problem);
        if (!problem.isEmpty()) {
            return;
        }
        Query query = query();
        if (listLoad != null) {
            listLoad.cancel();
        }
        listMessage.set("Loading events…");
        listLoad = tasks.run("Loading webhook events", progress -> api.get().inbox(query.status(), query.type(),
                query.from(), query.to(), null, pageSize), page -> {
                    shownQuery = query;
                    String keep = selected.get() == null ? null : selected.get().eventId();
                    events.setAll(items(page));
                    checked.clear();
                    showPage(page);
                    WebhookEventItemViewModel again = find(keep);
                    if (again == null) {
                        select(null);
                    } else {
                        selected.set(again);
                        loadDetail(keep);
                    }
                }, failure -> {
                    listMessage.set("Could not load the events");
                    if (refusedFilter(failure)) {
                        filterProblem.set("The server refused the filter: " + ErrorReport.of(failure).message());
                    } else {
                        dialogs.show(ErrorRequest.of("Could not load the webhook events", failure));
                    }
                });
    }

    /** Appends the next page of the list shown (nothing when it is complete or a load runs). */
    public void loadMore() {
        if (nextCursor == null || shownQuery == null
                || (listLoad != null && listLoad.state() == TaskHandle.State.RUNNING)) {
            return;
        }
        Query query = shownQuery;
        String cursor = nextCursor;
        listMessage.set("Loading more events…");
        listLoad = tasks.run("Loading more webhook events", progress -> api.get().inbox(query.status(), query.type(),
                query.from(), query.to(), cursor, pageSize), page -> {
                    events.addAll(items(page));
                    showPage(page);
                }, failure -> {
                    listMessage.set("Could not load more events");
                    dialogs.show(ErrorRequest.of("Could not load more webhook events", failure));
                });
    }

    /** Empties the filter and lists again. */
    public void clearFilter() {
        statusFilter.set(null);
        typeFilter.set("");
        fromDate.set(null);
        toDate.set(null);
        search();
    }

    private String problem() {
        String type = blankToNull(typeFilter.get());
        if (type != null && type.indexOf('*') >= 0 && type.indexOf('*') != type.length() - 1) {
            return "Type: a * may only end the type (a prefix such as invoice.*)";
        }
        if (type != null && type.chars().anyMatch(Character::isWhitespace)) {
            return "Type: an event type has no spaces";
        }
        if (fromDate.get() != null && toDate.get() != null && fromDate.get().isAfter(toDate.get())) {
            return "From must be on or before To";
        }
        return "";
    }

    /** The filter as the server takes it: the To day is included (the query's {@code to} is the next midnight). */
    Query query() {
        LocalDate from = fromDate.get();
        LocalDate to = toDate.get();
        return new Query(statusFilter.get(), blankToNull(typeFilter.get()),
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    private void showPage(WebhookEventPage page) {
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
        showCounts();
    }

    private void showCounts() {
        int count = events.size();
        long failed = events.stream().filter(WebhookEventItemViewModel::failed).count();
        listMessage.set(count == 0 ? "No events match"
                : count + (count == 1 ? " event" : " events") + (nextCursor == null ? "" : " shown, more to load")
                + (failed == 0 ? "" : " \u00b7 " + failed + " failed"));
    }

    private List<WebhookEventItemViewModel> items(WebhookEventPage page) {
        return page.items().stream().map(e -> new WebhookEventItemViewModel(e, zone)).toList();
    }

    private WebhookEventItemViewModel find(String eventId) {
        return eventId == null ? null
                : events.stream().filter(e -> e.eventId().equals(eventId)).findFirst().orElse(null);
    }

    // ---- the selected event ----

    /** Makes {@code event} the selected one (null: none) and loads its payload when it is another event. */
    public void select(WebhookEventItemViewModel event) {
        WebhookEventItemViewModel before = selected.get();
        selected.set(event);
        if (event == null) {
            if (detailLoad != null) {
                detailLoad.cancel();
            }
            detailTitle.set("No event selected");
            payload.set("");
            detailError.set("");
            detailMessage.set("");
            return;
        }
        if (before != null && before.eventId().equals(event.eventId()) && !payload.get().isEmpty()) {
            return;
        }
        loadDetail(event.eventId());
    }

    private void loadDetail(String eventId) {
        if (detailLoad != null) {
            detailLoad.cancel();
        }
        detailTitle.set(eventId);
        payload.set("");
        detailError.set("");
        detailMessage.set("Loading the event…");
        detailLoad = tasks.run("Loading the event " + eventId, progress -> api.get().event(eventId), this::showDetail,
                failure -> {
                    detailMessage.set("Could not load the event: " + ErrorReport.of(failure).message());
                    dialogs.show(ErrorRequest.of("Could not load the event " + eventId, failure));
                });
    }

    private void showDetail(WebhookEventDetail detail) {
        WebhookEventView event = detail.event();
        detailTitle.set(event.eventId() + " \u00b7 " + nullToEmpty(event.type()) + " \u00b7 "
                + WebhookEventItemViewModel.statusText(event.status()));
        payload.set(pretty(detail.payload()));
        detailError.set(nullToEmpty(event.lastError()));
        detailMessage.set("Received " + WebhookEventItemViewModel.time(event.receivedAt(), zone)
                + (event.appliedAt() == null ? "" : " \u00b7 applied " + WebhookEventItemViewModel.time(
                event.appliedAt(), zone)) + " \u00b7 " + event.attempts()
                + (event.attempts() == 1 ? " attempt" : " attempts")
                + (event.correlationId() == null ? "" : " \u00b7 correlation " + event.correlationId()));
        replaceRow(event);
    }

    /** The payload indented two spaces per level; a text that is not JSON is shown as it is. */
    static String pretty(String json) {
        if (json == null || json.isBlank()) {
            return "";
        }
        try {
            JsonNode tree = PRETTY.readTree(json);
            return tree == null ? json : PRETTY.writeValueAsString(tree);
        } catch (Exception e) {
            return json;
        }
    }

    private void replaceRow(WebhookEventView event) {
        WebhookEventItemViewModel row = find(event.eventId());
        if (row != null) {
            row.update(event);
            showCounts();
        }
    }

    // ---- replay ----

    /** The rows checked for a replay (the table's multi-selection). */
    public void check(List<WebhookEventItemViewModel> rows) {
        checked.setAll(rows);
    }

    /**
     * Replays the checked events after a confirmation naming them; shows one result per event and follows each
     * event the server queued until it leaves PENDING. Nothing happens without a checked event or while a replay
     * is being sent.
     */
    public void replaySelected() {
        List<WebhookEventItemViewModel> chosen = List.copyOf(new LinkedHashSet<>(checked));
        if (chosen.isEmpty() || replaying.get()) {
            return;
        }
        int n = chosen.size();
        List<String> lines = new ArrayList<>();
        chosen.stream().limit(10).forEach(e -> lines.add(e.eventId() + " \u00b7 " + e.type() + " \u00b7 "
                + e.statusText() + (e.lastError().isEmpty() ? "" : " \u00b7 " + e.lastError())));
        if (n > 10) {
            lines.add("\u2026 and " + (n - 10) + " more");
        }
        lines.add("Each event is applied again by the server's worker; the results show how each replay ends.");
        boolean confirmed = dialogs.show(new ConfirmRequest("Replay events",
                "Replay " + n + (n == 1 ? " event?" : " events?"), lines, "Replay " + n
                + (n == 1 ? " event" : " events"), false)).orElse(false);
        if (!confirmed) {
            return;
        }
        stopFollowing();
        Map<String, String> types = new LinkedHashMap<>();
        chosen.forEach(e -> types.put(e.eventId(), e.type()));
        List<String> ids = List.copyOf(types.keySet());
        replaying.set(true);
        replayMessage.set("Replaying " + n + (n == 1 ? " event…" : " events…"));
        tasks.run("Replaying " + n + (n == 1 ? " webhook event" : " webhook events"),
                progress -> api.get().replay(ids), result -> {
                    replaying.set(false);
                    showReplay(result, types);
                    follow(1);
                }, failure -> {
                    replaying.set(false);
                    replayMessage.set("The replay was not sent: " + ErrorReport.of(failure).message());
                    dialogs.show(ErrorRequest.of("Could not replay the events", failure));
                });
    }

    private void showReplay(ReplayResult result, Map<String, String> types) {
        List<ReplayItemViewModel> lines = new ArrayList<>();
        for (ReplayOutcome outcome : result.results()) {
            String res = outcome.result() == null ? "" : outcome.result().toUpperCase(Locale.ROOT);
            boolean queued = ReplayItemViewModel.QUEUED.equals(res);
            lines.add(new ReplayItemViewModel(outcome.eventId(), types.get(outcome.eventId()), res,
                    queued ? "PENDING" : null, null, queued, null));
        }
        results.setAll(lines);
    }

    private void follow(int round) {
        List<String> waiting = results.stream().filter(ReplayItemViewModel::waiting)
                .map(ReplayItemViewModel::eventId).toList();
        if (waiting.isEmpty()) {
            endFollowing(null);
            return;
        }
        if (round > maxPolls) {
            endFollowing("still pending after " + maxPolls + " checks");
            return;
        }
        following.set(true);
        replayMessage.set(summary() + " \u00b7 following " + waiting.size()
                + (waiting.size() == 1 ? " event" : " events") + "…");
        follower = tasks.run("Following " + waiting.size() + (waiting.size() == 1 ? " replayed event"
                : " replayed events"), progress -> {
                    if (!pollInterval.isZero()) {
                        Thread.sleep(pollInterval.toMillis());
                    }
                    Map<String, WebhookEventView> seen = new LinkedHashMap<>();
                    int done = 0;
                    for (String id : waiting) {
                        progress.checkCancelled();
                        progress.update(done++, waiting.size(), "Checking replayed event " + id + " (round " + round
                                + ")");
                        seen.put(id, api.get().event(id).event());
                    }
                    return seen;
                }, seen -> {
                    for (WebhookEventView event : seen.values()) {
                        updateResult(event);
                        replaceRow(event);
                    }
                    follow(round + 1);
                }, failure -> {
                    endFollowing("could not be checked: " + ErrorReport.of(failure).message());
                    dialogs.show(ErrorRequest.of("Could not follow the replayed events", failure));
                });
    }

    private void updateResult(WebhookEventView event) {
        for (int i = 0; i < results.size(); i++) {
            ReplayItemViewModel line = results.get(i);
            if (line.eventId().equals(event.eventId())) {
                boolean pending = "PENDING".equalsIgnoreCase(event.status());
                results.set(i, line.seen(event.status(), event.type(), event.lastError(), pending));
            }
        }
        if (selected.get() != null && selected.get().eventId().equals(event.eventId())
                && !"PENDING".equalsIgnoreCase(event.status())) {
            loadDetail(event.eventId()); // the payload stays; the status and last error are the new ones
        }
    }

    /** Stops following the replayed events: those still pending say so. Idempotent. */
    public void stopFollowing() {
        if (follower != null) {
            follower.cancel();
            follower = null;
        }
        if (following.get()) {
            endFollowing("no longer followed");
        }
    }

    private void endFollowing(String note) {
        follower = null;
        following.set(false);
        if (note != null) {
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).waiting()) {
                    results.set(i, results.get(i).stopped(note));
                }
            }
        }
        replayMessage.set(summary());
    }

    /** "Replay: 2 applied, 1 failed, 1 unknown" (the counts of the results list). */
    String summary() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ReplayItemViewModel line : results) {
            String key = switch (line.result()) {
                case ReplayItemViewModel.QUEUED -> line.status() == null ? "queued"
                        : line.status().toLowerCase(Locale.ROOT);
                case ReplayItemViewModel.UNKNOWN -> "unknown";
                case ReplayItemViewModel.ALREADY_PENDING -> "already pending";
                default -> line.result().toLowerCase(Locale.ROOT);
            };
            counts.merge(key, 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("Replay: ");
        counts.forEach((key, count) -> text.append(count).append(' ').append(key).append(", "));
        return text.substring(0, text.length() - 2);
    }

    /** A 400 on the filter (VALIDATION_FAILED) is the operator's to fix: shown by the filter, not in a dialog. */
    static boolean refusedFilter(Throwable failure) {
        return failure instanceof dev.familiar.model.api.ApiError error
                && error.code() == dev.familiar.model.api.ErrorCode.VALIDATION_FAILED;
    }

    // ---- properties ----

    /** The status filter: one of {@link #STATUSES}, null for all. */
    public ObjectProperty<String> statusFilterProperty() {
        return statusFilter;
    }

    /** The type filter: an exact type, or a prefix ending in {@code *} ({@code invoice.*}); blank for all. */
    public StringProperty typeFilterProperty() {
        return typeFilter;
    }

    /** The first day received (null: no lower bound). */
    public ObjectProperty<LocalDate> fromDateProperty() {
        return fromDate;
    }

    /** The last day received, included (null: no upper bound). */
    public ObjectProperty<LocalDate> toDateProperty() {
        return toDate;
    }

    /** Why the filter was not sent; empty when it was. */
    public ReadOnlyStringProperty filterProblemProperty() {
        return filterProblem.getReadOnlyProperty();
    }

    public ObservableList<WebhookEventItemViewModel> events() {
        return FXCollections.unmodifiableObservableList(events);
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    /** "12 events shown, more to load · 2 failed", "No events match"… */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }

    /** The rows checked for a replay. */
    public ObservableList<WebhookEventItemViewModel> checked() {
        return FXCollections.unmodifiableObservableList(checked);
    }

    public ReadOnlyObjectProperty<WebhookEventItemViewModel> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** "evt_… · invoice.paid · failed". */
    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    /** The selected event's payload, pretty-printed JSON. */
    public ReadOnlyStringProperty payloadProperty() {
        return payload.getReadOnlyProperty();
    }

    /** The selected event's last error, empty when there is none. */
    public ReadOnlyStringProperty detailErrorProperty() {
        return detailError.getReadOnlyProperty();
    }

    /** When it was received and applied, its attempts and correlation id; or that it is loading. */
    public ReadOnlyStringProperty detailMessageProperty() {
        return detailMessage.getReadOnlyProperty();
    }

    /** One line per event of the last replay. */
    public ObservableList<ReplayItemViewModel> results() {
        return FXCollections.unmodifiableObservableList(results);
    }

    /** True while the replay request is on its way. */
    public ReadOnlyBooleanProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }

    /** True while replayed events are being followed (Stop following is offered). */
    public ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    /** "Replay: 2 applied, 1 unknown", "… · following 2 events…". */
    public ReadOnlyStringProperty replayMessageProperty() {
        return replayMessage.getReadOnlyProperty();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
