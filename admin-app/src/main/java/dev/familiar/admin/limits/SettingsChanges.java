package dev.familiar.admin.limits;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.tokens.SettingsImpact;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * How every change of the screen is made: the form (checked as the operator types), then the server's preview of the
 * change shown as "what changes for whom" ({@link ImpactRequest}), then, once confirmed, the change itself. Nothing
 * the operator typed is lost: a refusal (400 with its problems per field, 403, 404 for no such tenant, 409) re-opens
 * the form with their values and the server's problems next to the fields; any other failure shows the error dialog
 * and keeps the values as a draft that the next Edit of the same item opens again. Cancelling the form drops the draft; cancelling the
 * confirmation keeps it. UI thread only.
 */
final class SettingsChanges {
    /** The form of a change: its fields for the given values, and its own checks. */
    record Form(String title, String header, Function<Map<String, String>, List<FormRequest.Field>> fields,
                Function<Map<String, String>, Map<String, String>> validation, String confirmText) {
    }

    /**
     * One change.
     *
     * @param key      the draft's key: the item changed ("tenant:acme")
     * @param subject  what changes, as the operator reads it ("the tenant limit of Acme")
     * @param form     the form (null: a change without one, e.g. "make GOLD the default")
     * @param preview  asks the server what the values would change (background thread)
     * @param apply    applies the values (background thread)
     * @param notes    what the screen itself knows about the values (e.g. "already used this window")
     * @param applied  what the screen does with the server's answer
     * @param <T>      the server's answer to the change
     */
    record Change<T>(String key, String subject, Form form, Function<Map<String, String>, SettingsImpact> preview,
                     Function<Map<String, String>, T> apply, Function<Map<String, String>, List<String>> notes,
                     Consumer<T> applied, String confirmText) {
        Change {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(preview, "preview");
            Objects.requireNonNull(apply, "apply");
            notes = notes == null ? values -> List.of() : notes;
        }
    }

    static final String DRAFT_NOTE = "Your values from the last attempt, not saved yet.";

    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Consumer<String> message;
    private final IntSupplier refreshSeconds;
    private final Map<String, Map<String, String>> drafts = new HashMap<>();

    SettingsChanges(TaskScope tasks, DialogService dialogs, Consumer<String> message, IntSupplier refreshSeconds) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.message = Objects.requireNonNull(message, "message");
        this.refreshSeconds = Objects.requireNonNull(refreshSeconds, "refreshSeconds");
    }

    /** Opens the change's form with {@code current} (or the draft left by a failed attempt), then previews it. */
    <T> void edit(Change<T> change, Map<String, String> current) {
        Map<String, String> draft = drafts.get(change.key());
        if (draft != null) {
            ask(change, draft, DRAFT_NOTE, Map.of());
        } else {
            ask(change, current, null, Map.of());
        }
    }

    /** A change without a form: previews {@code values} at once. */
    <T> void submit(Change<T> change, Map<String, String> values) {
        preview(change, Map.copyOf(values));
    }

    /** The values kept for {@code key} after a failed attempt (empty when none). */
    Optional<Map<String, String>> draft(String key) {
        return Optional.ofNullable(drafts.get(key));
    }

    private <T> void ask(Change<T> change, Map<String, String> values, String note,
                         Map<String, String> serverProblems) {
        Form form = change.form();
        Map<String, String> refused = Map.copyOf(values);
        // The server's problem stays next to its field until the operator changes that field's value.
        Function<Map<String, String>, Map<String, String>> validation = now -> {
            Map<String, String> problems = new LinkedHashMap<>(form.validation().apply(now));
            serverProblems.forEach((field, problem) -> {
                if (Objects.equals(LimitForms.value(now, field), LimitForms.value(refused, field))) {
                    problems.putIfAbsent(field, problem);
                }
            });
            return problems;
        };
        String header = note == null ? form.header() : note + "\n" + form.header();
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest(form.title(), header,
                form.fields().apply(values), validation, form.confirmText()));
        if (answer.isEmpty()) {
            drafts.remove(change.key());
            return;
        }
        Map<String, String> typed = Map.copyOf(answer.get());
        drafts.put(change.key(), typed);
        preview(change, typed);
    }

    private <T> void preview(Change<T> change, Map<String, String> values) {
        tasks.run("Previewing " + change.subject(), progress -> change.preview().apply(values),
                impact -> confirm(change, values, impact), failure -> failed(change, values, failure));
    }

    private <T> void confirm(Change<T> change, Map<String, String> values, SettingsImpact impact) {
        String subject = change.subject();
        boolean confirmed = dialogs.show(new ImpactRequest("What changes for whom",
                "Change " + subject + "?", impact, change.notes().apply(values), refreshSeconds.getAsInt(),
                change.confirmText())).orElse(false);
        if (!confirmed) {
            message.accept("Not applied: " + subject + " is unchanged");
            return;
        }
        tasks.run("Applying " + subject, progress -> change.apply().apply(values), result -> {
            drafts.remove(change.key());
            change.applied().accept(result);
            message.accept("Saved " + subject + ". " + LimitsFormat.refresh(refreshSeconds.getAsInt()));
        }, failure -> failed(change, values, failure));
    }

    private <T> void failed(Change<T> change, Map<String, String> values, Throwable failure) {
        drafts.put(change.key(), values);
        ApiError refusal = refusal(failure);
        if (refusal != null && change.form() != null) {
            ask(change, values, "The server refused: " + ErrorReport.of(refusal).message(), fieldProblems(refusal));
            return;
        }
        dialogs.show(ErrorRequest.of("Could not change " + change.subject(), failure));
        message.accept(change.form() == null ? "Not saved: " + change.subject() + " is unchanged"
                : "Not saved: your values are kept, Edit opens them again");
    }

    /** A refusal the operator can answer by changing what they typed: 400, 403, 404 (no such tenant), 409. */
    static ApiError refusal(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof ApiError error && (error.status() == 400 || error.status() == 403
                || error.status() == 404 || error.status() == 409) ? error : null;
    }

    /** The server's problems per field ({@code details.fields}), keyed by the field's last path segment. */
    static Map<String, String> fieldProblems(ApiError error) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (error.details().get("fields") instanceof Map<?, ?> fields) {
            fields.forEach((field, problem) -> {
                String name = String.valueOf(field);
                name = name.substring(name.lastIndexOf('.') + 1);
                problems.put(name, String.valueOf(problem));
            });
        }
        return problems;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
