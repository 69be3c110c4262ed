package dev.familiar.admin.audit;

import dev.familiar.admin.concurrent.Progress;
import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.audit.AuditFilter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Audit log screen: a filter (actor, action with a trailing {@code *} for a prefix, tenant, from/to as a UTC date
 * and an optional time), a page of entries newest first, more pages by the server's cursor, and the CSV export of the
 * same filter streamed into a file the operator chooses, with the bytes written as progress and a cancel that removes
 * the partial file. A new Apply cancels the load in flight. UI thread only.
 */
public final class AuditViewModel {
    static final int PAGE_SIZE = 100;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Supplier<AuditApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final ExportFileChooser chooser;
    private final Clock clock;

    private final StringProperty actor = new SimpleStringProperty("");
    private final StringProperty action = new SimpleStringProperty("");
    private final StringProperty tenant = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final StringProperty fromTime = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();
    private final StringProperty toTime = new SimpleStringProperty("");
    private final ObservableList<AuditItemViewModel> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canLoadMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper exportStatus = new ReadOnlyStringWrapper("");
    private AuditFilter applied = AuditFilter.all();
    private String nextCursor;
    private TaskHandle inFlight;
    private TaskHandle export;

    public AuditViewModel(Supplier<AuditApi> api, TaskScope tasks, DialogService dialogs, ExportFileChooser chooser,
                          Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.chooser = Objects.requireNonNull(chooser, "chooser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Loads the first page of the applied filter again (the screen is shown, or the connection changed). */
    public void load() {
        start(applied, null, true);
    }

    /** Reads the filter fields and loads the first page; a field that does not read leaves the table as it was. */
    public void apply() {
        Optional<AuditFilter> filter = filter();
        if (filter.isEmpty()) {
            return;
        }
        applied = filter.get();
        start(applied, null, true);
    }

    /** Empties every filter field and loads the whole log. */
    public void clear() {
        actor.set("");
        action.set("");
        tenant.set("");
        fromDate.set(null);
        fromTime.set("");
        toDate.set(null);
        toTime.set("");
        apply();
    }

    /** Appends the next page, if there is one and nothing is loading. */
    public void loadMore() {
        if (nextCursor == null || isRunning(inFlight)) {
            return;
        }
        start(applied, nextCursor, false);
    }

    /**
     * Asks where to save, then streams the CSV export of the applied filter there (the filter the table shows, not
     * fields edited since). The written bytes are the progress; a cancel stops the download and removes the file.
     */
    public void exportCsv() {
        if (isRunning(export)) {
            return;
        }
        Optional<Path> target = chooser.choose("audit-" + FILE_TIME.format(clock.instant()) + ".csv");
        if (target.isEmpty()) {
            return;
        }
        Path file = target.get();
        AuditFilter filter = applied;
        exportStatus.set("Exporting to " + file.getFileName() + "…");
        export = tasks.run("Exporting the audit log", progress -> write(filter, file, progress), bytes ->
                exportStatus.set("Exported " + String.format("%,d", bytes) + " bytes to " + file), failure -> {
            exportStatus.set("Export failed: " + ErrorReport.of(failure).message());
            dialogs.show(ErrorRequest.of("Could not export the audit log", failure));
        });
        exporting.set(isRunning(export));
        export.stateProperty().addListener((obs, old, state) -> {
            exporting.set(isRunning(export));
            if (state == TaskHandle.State.CANCELLED) {
                exportStatus.set("Export cancelled; " + file.getFileName() + " removed");
            }
        });
    }

    /** Cancels a running export (its partial file is removed). */
    public void cancelExport() {
        if (export != null) {
            export.cancel();
        }
    }

    private long write(AuditFilter filter, Path file, Progress progress) throws IOException {
        boolean done = false;
        try (OutputStream out = new CountingStream(Files.newOutputStream(file), progress)) {
            long bytes = api.get().exportCsv(filter, out);
            done = true;
            return bytes;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Reports the bytes written and stops the download when the task is cancelled. */
    private static final class CountingStream extends FilterOutputStream {
        private final Progress progress;
        private long written;

        CountingStream(OutputStream out, Progress progress) {
            super(out);
            this.progress = progress;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (progress.isCancelled()) {
                throw new CancellationException("export cancelled");
            }
            out.write(b, off, len);
            written += len;
            progress.message(String.format("%,d bytes written", written));
        }
    }

    /** The filter the fields describe, or empty with {@link #problemProperty()} saying which field is wrong. */
    Optional<AuditFilter> filter() {
        String actionText = text(action);
        if (actionText != null && actionText.indexOf('*') >= 0 && actionText.indexOf('*') != actionText.length() - 1) {
            problem.set("Action: a * may only end it (billing.* for every billing action)");
            return Optional.empty();
        }
        Instant from;
        Instant to;
        try {
            from = instant(fromDate.get(), fromTime.get(), false);
            to = instant(toDate.get(), toTime.get(), true);
        } catch (DateTimeParseException e) {
            problem.set("Time: write it as HH:mm (UTC), or leave it empty for the whole day");
            return Optional.empty();
        }
        if ((fromDate.get() == null && !blank(fromTime.get())) || (toDate.get() == null && !blank(toTime.get()))) {
            problem.set("Time: choose a date first");
            return Optional.empty();
        }
        if (from != null && to != null && !from.isBefore(to)) {
            problem.set("From must be before To");
            return Optional.empty();
        }
        problem.set("");
        return Optional.of(new AuditFilter(text(actor), actionText, text(tenant), from, to));
    }

    /** A date alone is the whole day: From its start, To its end (the server's {@code to} is exclusive). */
    private static Instant instant(LocalDate date, String time, boolean end) {
        if (date == null) {
            return null;
        }
        if (blank(time)) {
            return (end ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return date.atTime(LocalTime.parse(time.trim())).toInstant(ZoneOffset.UTC);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String text(StringProperty p) {
        return blank(p.get()) ? null : p.get().trim();
    }

    private void start(AuditFilter filter, String cursor, boolean replace) {
        if (inFlight != null) {
            inFlight.cancel();
        }
        TaskHandle handle = tasks.run(cursor == null ? "Loading the audit log" : "Loading more of the audit log",
                progress -> api.get().page(filter, cursor, PAGE_SIZE), page -> {
                    problem.set("");
                    var items = page.items().stream().map(AuditItemViewModel::of).toList();
                    if (replace) {
                        rows.setAll(items);
                    } else {
                        rows.addAll(items);
                    }
                    nextCursor = page.nextCursor();
                    canLoadMore.set(nextCursor != null);
                    summary.set(rows.size() + (nextCursor == null ? " entries" : " entries shown · more on the server"));
                }, failure -> {
                    problem.set(ErrorReport.of(failure).message());
                    dialogs.show(ErrorRequest.of("Could not load the audit log", failure));
                });
        inFlight = handle;
        loading.set(isRunning(handle));
        handle.stateProperty().addListener((obs, old, state) -> loading.set(isRunning(inFlight)));
    }

    private static boolean isRunning(TaskHandle handle) {
        return handle != null && handle.state() == TaskHandle.State.RUNNING;
    }

    public StringProperty actorProperty() {
        return actor;
    }

    /** Exact ({@code users.invite}) or a prefix with a trailing {@code *} ({@code billing.*}). */
    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty tenantProperty() {
        return tenant;
    }

    public ObjectProperty<LocalDate> fromDateProperty() {
        return fromDate;
    }

    /** HH:mm in UTC; empty: the start of the From day. */
    public StringProperty fromTimeProperty() {
        return fromTime;
    }

    public ObjectProperty<LocalDate> toDateProperty() {
        return toDate;
    }

    /** HH:mm in UTC (exclusive); empty: the end of the To day. */
    public StringProperty toTimeProperty() {
        return toTime;
    }

    public ObservableList<AuditItemViewModel> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canLoadMoreProperty() {
        return canLoadMore.getReadOnlyProperty();
    }

    /** "100 entries shown · more on the server". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** A filter field that does not read, or the last load's failure; empty otherwise. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** What the last export did ("Exported 12,345 bytes to …"). */
    public ReadOnlyStringProperty exportStatusProperty() {
        return exportStatus.getReadOnlyProperty();
    }
}
