package dev.familiar.admin.directory;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.MemberAddResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The bulk-add dialog without its nodes: a pasted list, one entry per line (a line with {@code @} is an e-mail
 * address, any other a directory user id; blank lines are ignored), sent to the group in one request; the answer
 * shown as one result per pasted line (status and message) and the counts. UI thread only.
 */
public final class BulkAddViewModel {
    /** The most entries the server takes in one request. */
    static final int MAX_ENTRIES = 1000;

    private final Supplier<DirectoryApi> api;
    private final TaskScope tasks;
    private final String groupId;
    private final String groupName;
    private final StringProperty text = new SimpleStringProperty("");
    private final ObservableList<AddResultItemViewModel> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper countsText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper sending = new ReadOnlyBooleanWrapper(false);
    private int totalAdded;
    private boolean sent;
    private TaskHandle sendTask;

    BulkAddViewModel(Supplier<DirectoryApi> api, TaskScope tasks, String groupId, String groupName) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.groupName = groupName;
        text.addListener((obs, old, now) -> {
            Parsed parsed = parse(now);
            message.set(parsed.entries().isEmpty() ? "" : parsed.describe());
        });
    }

    public String title() {
        return "Bulk add to " + groupName;
    }

    /** One non-blank pasted line: its number (from 1), its text, and whether it is an e-mail address. */
    record Entry(int line, String input, boolean email) {
    }

    /** The entries of a pasted list, in order. */
    record Parsed(List<Entry> entries) {
        List<String> ids() {
            return entries.stream().filter(e -> !e.email()).map(Entry::input).toList();
        }

        List<String> emails() {
            return entries.stream().filter(Entry::email).map(Entry::input).toList();
        }

        String describe() {
            int emails = emails().size();
            int ids = ids().size();
            return entries.size() + (entries.size() == 1 ? " entry" : " entries") + ": " + emails
                    + (emails == 1 ? " e-mail address, " : " e-mail addresses, ") + ids + (ids == 1 ? " id" : " ids")
                    + (entries.size() > MAX_ENTRIES ? " — at most 1,000 at once" : "");
        }
    }

    /** The entries of {@code pasted}: each non-blank line trimmed; with {@code @} an e-mail address, else an id. */
    static Parsed parse(String pasted) {
        List<Entry> entries = new ArrayList<>();
        if (pasted != null) {
            String[] lines = pasted.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (!line.isEmpty()) {
                    entries.add(new Entry(i + 1, line, line.contains("@")));
                }
            }
        }
        return new Parsed(List.copyOf(entries));
    }

    /** Sends the pasted list in one request (nothing when it is empty, too long, or a send runs). */
    public void send() {
        if (sending.get()) {
            return;
        }
        Parsed parsed = parse(text.get());
        if (parsed.entries().isEmpty()) {
            message.set("Paste one e-mail address or user id per line");
            return;
        }
        if (parsed.entries().size() > MAX_ENTRIES) {
            message.set("At most 1,000 entries at once: " + parsed.entries().size() + " pasted");
            return;
        }
        sending.set(true);
        message.set("Sending " + parsed.describe() + "…");
        sendTask = tasks.run("Adding " + parsed.entries().size() + " entries to " + groupName, progress -> {
            progress.message("Adding " + parsed.entries().size() + " entries to " + groupName);
            return api.get().addMembers(groupId, parsed.ids(), parsed.emails());
        }, result -> {
            sending.set(false);
            sent = true;
            totalAdded += result.added();
            results.setAll(rows(parsed, result));
            countsText.set(countsOf(result));
            message.set("Sent " + parsed.entries().size() + (parsed.entries().size() == 1 ? " entry" : " entries")
                    + " to " + groupName);
        }, failure -> {
            sending.set(false);
            String banner = DirectoryBanner.bannerText("Nothing was added", failure);
            message.set(banner != null ? banner : "Nothing was added: " + ErrorReport.of(failure).message());
        });
        sendTask.stateProperty().addListener((obs, old, state) -> {
            if (state == TaskHandle.State.CANCELLED) {
                sending.set(false); // the operator cancelled it in the status bar
            }
        });
    }

    /**
     * One row per pasted line: the server answers ids first then e-mails, each in the order sent, so the results
     * are matched back to their lines; when the answer does not have one result per entry, its own order is shown.
     */
    static List<AddResultItemViewModel> rows(Parsed parsed, AddMembersResult result) {
        List<MemberAddResult> answers = result.results() == null ? List.of() : result.results();
        List<AddResultItemViewModel> rows = new ArrayList<>();
        if (answers.size() == parsed.entries().size()) {
            int idCount = parsed.ids().size();
            Iterator<MemberAddResult> ids = answers.subList(0, idCount).iterator();
            Iterator<MemberAddResult> emails = answers.subList(idCount, answers.size()).iterator();
            for (Entry entry : parsed.entries()) {
                rows.add(row(entry.line(), entry.input(), (entry.email() ? emails : ids).next()));
            }
            return rows;
        }
        int index = 0;
        for (MemberAddResult answer : answers) {
            rows.add(row(++index, answer.input(), answer));
        }
        return rows;
    }

    private static AddResultItemViewModel row(int line, String input, MemberAddResult answer) {
        return new AddResultItemViewModel(line, input, answer.status() == null ? "?" : answer.status().name(),
                answer.message(), answer.status() == null || MembersViewModel.isFailure(answer.status()));
    }

    /** "2 added · 1 already a member · 1 failed". */
    static String countsOf(AddMembersResult result) {
        return result.added() + " added \u00b7 " + result.alreadyMembers()
                + (result.alreadyMembers() == 1 ? " already a member" : " already members") + " \u00b7 "
                + result.failed() + " failed";
    }

    /** The dialog closed: a send still running is cancelled (its answer is dropped). */
    void cancel() {
        if (sendTask != null && sendTask.state() == TaskHandle.State.RUNNING) {
            sendTask.cancel();
        }
    }

    /** How many people this dialog added, over every send. */
    int totalAdded() {
        return totalAdded;
    }

    /** Whether a list was sent and answered. */
    boolean sent() {
        return sent;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ObservableList<AddResultItemViewModel> results() {
        return results;
    }

    /** "2 added · 1 already a member · 1 failed" once answered. */
    public ReadOnlyStringProperty countsTextProperty() {
        return countsText.getReadOnlyProperty();
    }

    /** What the pasted list holds, or why nothing was added. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty sendingProperty() {
        return sending.getReadOnlyProperty();
    }
}
