package dev.familiar.admin.promptlab;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptFunctionList;
import dev.familiar.model.prompt.PromptVersionView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The Prompt Lab screen without its nodes: the function picker (search, New function…), the version picker (each
 * version with its computed change class; Save as new version), and the four parts it coordinates: the
 * {@link TemplateEditorViewModel}, the {@link DataFormViewModel} (whose fields follow the editor's schema), the
 * {@link RunViewModel} (one streamed iteration, or a batch) and the {@link HistoryViewModel}.
 *
 * <p>Places: {@code prompt-lab} and {@code prompt-lab/{function}}. An iteration runs a stored version: while the
 * template or schema differ from the version shown, Run asks for a save first; the settings pane is sent as the
 * iteration's override. UI thread only.
 */
public final class PromptLabViewModel {
    public static final String NAME_PATTERN = "[a-z][a-z0-9_.-]{0,63}";
    static final int FUNCTION_PAGE = 100;

    private final Supplier<PromptLabApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final TemplateEditorViewModel editor = new TemplateEditorViewModel();
    private final DataFormViewModel data;
    private final RunViewModel runner;
    private final HistoryViewModel history;

    private final StringProperty search = new SimpleStringProperty("");
    private final ObservableList<FunctionItemViewModel> functions = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<FunctionItemViewModel> function = new ReadOnlyObjectWrapper<>();
    private final ObservableList<VersionItemViewModel> versions = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<VersionItemViewModel> version = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper functionsMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper approvalRequired = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper(false);
    private final javafx.beans.property.ReadOnlyObjectWrapper<LabStatus> status =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private TaskHandle functionsLoad;
    private TaskHandle versionsLoad;

    public PromptLabViewModel(Supplier<PromptLabApi> api, TaskScope tasks, DialogService dialogs, Executor ui) {
        this(api, tasks, dialogs, ui, RunViewModel.POLL_INTERVAL, HistoryViewModel.PAGE_SIZE);
    }

    PromptLabViewModel(Supplier<PromptLabApi> api, TaskScope tasks, DialogService dialogs, Executor ui,
                       Duration pollInterval, int historyPage) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.data = new DataFormViewModel(api, tasks, dialogs);
        this.runner = new RunViewModel(api, tasks, dialogs, ui, pollInterval);
        this.history = new HistoryViewModel(api, tasks, dialogs, historyPage);
        editor.parameters().addListener((ListChangeListener<ParameterRowViewModel>) change ->
                data.useSchema(editor.currentParameters()));
        editor.dirtyProperty().addListener((obs, old, dirty) -> updateCanRun());
        version.addListener((obs, old, v) -> updateCanRun());
        runner.runningProperty().addListener((obs, old, running) -> updateCanRun());
    }

    // ---- functions ----

    /** Shows {@code place}: the lab's status, the functions, and the function the place names (if any). */
    public void load(Place place) {
        String wanted = place.arg(0) != null ? place.arg(0)
                : function.get() == null ? null : function.get().name();
        tasks.run("Loading the Prompt Lab status", progress -> api.get().status(), this::showStatus,
                failure -> dialogs.show(ErrorRequest.of("Could not load the Prompt Lab status", failure)));
        searchFunctions(wanted);
        data.loadDataSets();
    }

    private void showStatus(LabStatus status) {
        editor.providersOffered(status.providers().stream().map(ProviderChoice::of).toList());
        approvalRequired.set(status.approvalRequired());
        this.status.set(status);
    }

    /** The server's Prompt Lab status (providers, approval rule), null until loaded. */
    public javafx.beans.property.ReadOnlyObjectProperty<LabStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Lists the functions whose name starts with the search text. */
    public void search() {
        searchFunctions(function.get() == null ? null : function.get().name());
    }

    private void searchFunctions(String select) {
        if (functionsLoad != null) {
            functionsLoad.cancel();
        }
        String prefix = search.get() == null || search.get().isBlank() ? null : search.get().strip();
        functionsMessage.set("Loading functions…");
        functionsLoad = tasks.run("Loading prompt functions", progress -> api.get().functions(prefix, null,
                FUNCTION_PAGE), page -> showFunctions(page, select), failure -> {
                    functionsMessage.set("Could not load the functions");
                    dialogs.show(ErrorRequest.of("Could not load the prompt functions", failure));
                });
    }

    private void showFunctions(PromptFunctionList page, String select) {
        functions.setAll(page.items().stream().map(FunctionItemViewModel::new).toList());
        int n = functions.size();
        functionsMessage.set(n == 0 ? "No functions" : n + (n == 1 ? " function" : " functions")
                + (page.nextCursor() == null ? "" : " (first " + n + ")"));
        if (select != null) {
            functions.stream().filter(f -> f.name().equals(select)).findFirst().ifPresent(this::selectFunction);
        }
    }

    /** Asks for a name and description and creates the function; it is then selected, with an empty editor. */
    public void newFunction() {
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("New prompt function",
                "A function is a named, versioned prompt with typed parameters.", List.of(
                        FormRequest.Field.text("name", "Name", "", "e.g. npc.greeting"),
                        FormRequest.Field.text("description", "Description", "", "what it is for")),
                PromptLabViewModel::functionProblems, "Create function"));
        if (answer.isEmpty()) {
            return;
        }
        String name = answer.get().get("name").strip();
        String description = answer.get().getOrDefault("description", "").strip();
        tasks.run("Creating the function " + name, progress -> api.get().createFunction(name,
                description.isEmpty() ? null : description), created -> {
                    message.set("Function " + created.name() + " created: write its first version");
                    search.set("");
                    searchFunctions(created.name());
                }, failure -> dialogs.show(ErrorRequest.of("Could not create the function " + name, failure)));
    }

    /** A function name: lower-case letter first, then lower-case letters, digits, '_', '.', '-'; at most 64. */
    public static Map<String, String> functionProblems(Map<String, String> values) {
        String name = values.getOrDefault("name", "").strip();
        if (name.isEmpty()) {
            return Map.of("name", "required");
        }
        if (!name.matches(NAME_PATTERN)) {
            return Map.of("name", "a lower-case letter, then a-z, 0-9, '_', '.' or '-' (at most 64)");
        }
        return Map.of();
    }

    /** Makes {@code item} the function worked on: its versions (the latest shown) and its iteration history. */
    public void selectFunction(FunctionItemViewModel item) {
        FunctionItemViewModel before = function.get();
        function.set(item);
        if (item == null) {
            versions.clear();
            version.set(null);
            editor.load(null);
            history.load(null);
            return;
        }
        if (before == null || !before.name().equals(item.name()) || versions.isEmpty()) {
            loadVersions(item.name(), null);
            history.load(item.name());
        }
    }

    private void loadVersions(String name, Integer select) {
        if (versionsLoad != null) {
            versionsLoad.cancel();
        }
        versionsLoad = tasks.run("Loading the versions of " + name, progress -> api.get().versions(name), found -> {
            List<VersionItemViewModel> items = new ArrayList<>(found.stream().map(VersionItemViewModel::new).toList());
            java.util.Collections.reverse(items); // newest first in the picker
            versions.setAll(items);
            VersionItemViewModel shown = items.stream().filter(v -> select != null && v.number() == select)
                    .findFirst().orElse(items.isEmpty() ? null : items.get(0));
            selectVersion(shown);
        }, failure -> dialogs.show(ErrorRequest.of("Could not load the versions of " + name, failure)));
    }

    /** Shows {@code item} in the editor (null: an empty editor, the function has no version yet). */
    public void selectVersion(VersionItemViewModel item) {
        version.set(item);
        editor.load(item == null ? null : item.version());
        data.useSchema(editor.currentParameters());
    }

    // ---- save ----

    /**
     * Stores the editor as the function's next version. Problems the editor sees stop it here; problems the server
     * answers (400) are shown on their parameters. The answer's computed change class is shown.
     */
    public void saveVersion() {
        FunctionItemViewModel fn = function.get();
        if (fn == null) {
            message.set("Choose or create a function first");
            return;
        }
        if (!editor.isValid()) {
            List<String> all = new ArrayList<>(editor.problems().stream().map(ParameterProblem::message).toList());
            all.addAll(editor.settingsProblems());
            message.set("Not saved: " + String.join("; ", all));
            return;
        }
        var request = editor.toVersionCreate();
        tasks.run("Saving a version of " + fn.name(), progress -> api.get().createVersion(fn.name(), request),
                created -> {
                    message.set("Saved " + fn.name() + " v" + created.version() + ": " + classText(created));
                    loadVersions(fn.name(), created.version());
                    searchFunctionsQuietly();
                }, failure -> {
                    List<ParameterProblem> refused = serverProblems(failure);
                    if (refused.isEmpty()) {
                        message.set("Not saved");
                        dialogs.show(ErrorRequest.of("Could not save a version of " + fn.name(), failure));
                    } else {
                        editor.showServerProblems(refused);
                        message.set("Not saved: " + String.join("; ", refused.stream()
                                .map(ParameterProblem::message).toList()));
                    }
                });
    }

    private void searchFunctionsQuietly() {
        FunctionItemViewModel fn = function.get();
        String prefix = search.get() == null || search.get().isBlank() ? null : search.get().strip();
        tasks.run("Loading prompt functions", progress -> api.get().functions(prefix, null, FUNCTION_PAGE), page -> {
            List<FunctionItemViewModel> items = page.items().stream().map(FunctionItemViewModel::new).toList();
            functions.setAll(items);
            if (fn != null) {
                items.stream().filter(f -> f.name().equals(fn.name())).findFirst().ifPresent(function::set);
            }
        }, failure -> { });
    }

    private static String classText(PromptVersionView created) {
        if (created.changeClass() == null) {
            return "the first version";
        }
        String text = created.changeClass().name() + " change against v" + (created.version() - 1);
        if (created.breaking() != null && !created.breaking().isEmpty()) {
            text += " (" + String.join("; ", created.breaking().stream().map(b -> b.message()).toList()) + ")";
        }
        return text;
    }

    /**
     * The parameter problems of a 400 answer: {@code details.problems} ({@code [{parameter, problem, message}]}) or
     * {@code details.fields} ({@code {name: problem}}); empty for any other failure.
     */
    static List<ParameterProblem> serverProblems(Throwable failure) {
        if (!(failure instanceof ApiError error) || error.status() != 400) {
            return List.of();
        }
        List<ParameterProblem> found = new ArrayList<>();
        if (error.details().get("problems") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> p) {
                    found.add(new ParameterProblem(string(p.get("parameter")), string(p.get("problem")),
                            string(p.get("message"))));
                }
            }
        }
        if (found.isEmpty() && error.details().get("fields") instanceof Map<?, ?> fields) {
            Map<String, String> byName = new LinkedHashMap<>();
            fields.forEach((k, v) -> byName.put(String.valueOf(k), String.valueOf(v)));
            byName.forEach((name, problem) -> found.add(new ParameterProblem(parameterOf(name), "INVALID",
                    name + ": " + problem)));
        }
        return found;
    }

    /** "parameters[1].name" or "parameters.tone" names no parameter by itself; "tone" does. */
    private static String parameterOf(String field) {
        int dot = field.lastIndexOf('.');
        return dot >= 0 && field.startsWith("parameters.") ? field.substring(dot + 1) : field;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    // ---- run ----

    /** Runs the version shown once with the form's values, streamed; the stored iteration joins the history. */
    public void run() {
        Optional<String> refused = runRefusal();
        if (refused.isPresent()) {
            message.set(refused.get());
            return;
        }
        String fn = function.get().name();
        int v = version.get().number();
        message.set("");
        runner.run(new IterationRequest(fn, v, data.values(), editor.settings()), history::prepend);
    }

    /** Runs the version shown over every row of the open data set, as a batch on the server. */
    public void runBatch() {
        Optional<String> refused = runRefusal();
        if (refused.isEmpty() && data.dataSetProperty().get() == null) {
            refused = Optional.of("Open a data set to run it as a batch");
        }
        if (refused.isPresent()) {
            message.set(refused.get());
            return;
        }
        message.set("");
        runner.startBatch(new BatchRequest(function.get().name(), version.get().number(),
                data.dataSetProperty().get().name(), editor.settings()), history::reload);
    }

    private Optional<String> runRefusal() {
        if (function.get() == null) {
            return Optional.of("Choose a function first");
        }
        if (version.get() == null) {
            return Optional.of("Save a first version to run it");
        }
        if (editor.dirtyProperty().get()) {
            return Optional.of("The template or schema changed: save it as a new version to run it");
        }
        if (!editor.settingsProblems().isEmpty()) {
            return Optional.of("Fix the settings: " + String.join("; ", editor.settingsProblems()));
        }
        return Optional.empty();
    }

    private void updateCanRun() {
        canRun.set(function.get() != null && version.get() != null && !editor.dirtyProperty().get()
                && !runner.runningProperty().get());
    }

    /** Shows {@code text} on the screen's message line (what a hosted part, such as Compare, has to say). */
    public void inform(String text) {
        message.set(text == null ? "" : text);
    }

    // ---- parts and properties ----

    public TemplateEditorViewModel editor() {
        return editor;
    }

    public DataFormViewModel data() {
        return data;
    }

    public RunViewModel runner() {
        return runner;
    }

    public HistoryViewModel history() {
        return history;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObservableList<FunctionItemViewModel> functions() {
        return functions;
    }

    public ReadOnlyObjectProperty<FunctionItemViewModel> functionProperty() {
        return function.getReadOnlyProperty();
    }

    /** Newest first. */
    public ObservableList<VersionItemViewModel> versions() {
        return versions;
    }

    public ReadOnlyObjectProperty<VersionItemViewModel> versionProperty() {
        return version.getReadOnlyProperty();
    }

    /** What the last action did, or why it was refused. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty functionsMessageProperty() {
        return functionsMessage.getReadOnlyProperty();
    }

    /** Whether deploying needs a second person's approval on this server (the deploy dialog says when it is off). */
    public ReadOnlyBooleanProperty approvalRequiredProperty() {
        return approvalRequired.getReadOnlyProperty();
    }

    /** Whether Run may be pressed: a stored version shown unchanged, no run in flight. */
    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }
}
