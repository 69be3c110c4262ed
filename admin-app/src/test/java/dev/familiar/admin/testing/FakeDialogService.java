package dev.familiar.admin.testing;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.ConnectRequest;
import dev.familiar.admin.dialogs.CopyableTextRequest;
import dev.familiar.admin.dialogs.DialogRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers dialogs with what the test queued and records every request shown. Questions without a queued answer are
 * cancelled (empty). A form answer is checked against the form's own validation first, as the real dialog's
 * disabled confirm button would.
 */
public final class FakeDialogService implements DialogService {
    private Optional<ConnectionSettings> nextConnectAnswer = Optional.empty();
    private final Deque<Boolean> confirmAnswers = new ArrayDeque<>();
    private final Deque<Map<String, String>> formAnswers = new ArrayDeque<>();
    private final List<DialogRequest<?>> shown = new ArrayList<>();
    private final Map<Class<?>, Deque<java.util.function.Function<Object, Optional<?>>>> customAnswers =
            new java.util.HashMap<>();
    private final List<String> suggestedUrls = new ArrayList<>();

    public FakeDialogService answerConnectWith(ConnectionSettings settings) {
        nextConnectAnswer = Optional.of(settings);
        return this;
    }

    public FakeDialogService cancelConnect() {
        nextConnectAnswer = Optional.empty();
        return this;
    }

    /** The next confirmation is answered with {@code confirmed} (false: the operator cancels). */
    public FakeDialogService answerConfirm(boolean confirmed) {
        confirmAnswers.add(confirmed);
        return this;
    }

    /** The next form is filled with {@code values} (fields not named keep their initial values). */
    public FakeDialogService answerForm(Map<String, String> values) {
        formAnswers.add(Map.copyOf(values));
        return this;
    }

    /**
     * The next request of a feature's own {@code type} is answered by {@code answer} (which may drive the request's
     * view model, as the operator would in the dialog, before answering); without one queued it is cancelled.
     */
    @SuppressWarnings("unchecked")
    public <Q extends DialogRequest<R>, R> FakeDialogService answer(Class<Q> type,
                                                                   java.util.function.Function<Q, Optional<R>> answer) {
        customAnswers.computeIfAbsent(type, t -> new ArrayDeque<>())
                .add(request -> answer.apply((Q) request));
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Optional<R> show(DialogRequest<R> request) {
        shown.add(request);
        Deque<java.util.function.Function<Object, Optional<?>>> custom = customAnswers.get(request.getClass());
        if (custom != null && !custom.isEmpty()) {
            return (Optional<R>) custom.poll().apply(request);
        }
        if (request instanceof ConnectRequest connect) {
            suggestedUrls.add(connect.suggestedUrl());
            return (Optional<R>) nextConnectAnswer;
        }
        if (request instanceof ConfirmRequest) {
            Boolean answer = confirmAnswers.poll();
            return answer != null && answer ? (Optional<R>) Optional.of(Boolean.TRUE) : Optional.empty();
        }
        if (request instanceof FormRequest form) {
            Map<String, String> given = formAnswers.poll();
            if (given == null) {
                return Optional.empty();
            }
            Map<String, String> values = new java.util.LinkedHashMap<>();
            form.fields().forEach(field -> values.put(field.name(), given.getOrDefault(field.name(), field.initial())));
            Map<String, String> problems = form.validation().apply(values);
            if (!problems.isEmpty()) {
                throw new AssertionError("The form would not let the operator confirm: " + problems);
            }
            return (Optional<R>) Optional.of(values);
        }
        return Optional.empty();
    }

    /** Every request shown, in order. */
    public List<DialogRequest<?>> shown() {
        return List.copyOf(shown);
    }

    /** The requests of one type, in order. */
    public <Q> List<Q> shown(Class<Q> type) {
        return shown.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Each error shown, as "title: message". */
    public List<String> errors() {
        return shown(ErrorRequest.class).stream().map(e -> e.title() + ": " + e.message()).toList();
    }

    /** Each copyable text shown, as "title: text". */
    public List<String> copyableInformation() {
        return shown(CopyableTextRequest.class).stream().map(c -> c.title() + ": " + c.text()).toList();
    }

    public List<String> suggestedUrls() {
        return List.copyOf(suggestedUrls);
    }
}
