package dev.familiar.admin.promptlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.contract.ParameterSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The data pane without its nodes: a form generated from the schema (one typed field per parameter) whose values are
 * checked as they change with the contract's own {@link ParameterSchema#check}, every problem shown on its field; and
 * the data sets: pick one and a row to fill the form, or save the form's values as a row. UI thread only.
 */
public final class DataFormViewModel {
    private final Supplier<PromptLabApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final ObservableList<DataFieldViewModel> fields =
            FXCollections.observableArrayList(DataFieldViewModel::observables);
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(true);
    private final ObservableList<DataSetList.Summary> dataSets = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<DataSetView> dataSet = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private List<PromptParameter> schema = List.of();
    private TaskHandle setLoad;

    public DataFormViewModel(Supplier<PromptLabApi> api, TaskScope tasks, DialogService dialogs) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        fields.addListener((ListChangeListener<DataFieldViewModel>) change -> validate());
    }

    /**
     * One field per parameter of {@code parameters}; a field whose parameter kept its name and type keeps what was
     * typed in it.
     */
    public void useSchema(List<PromptParameter> parameters) {
        if (parameters.equals(schema)) {
            return;
        }
        Map<String, DataFieldViewModel> before = new HashMap<>();
        fields.forEach(f -> before.put(f.name(), f));
        schema = List.copyOf(parameters);
        List<DataFieldViewModel> next = new ArrayList<>();
        for (PromptParameter parameter : parameters) {
            DataFieldViewModel old = before.get(parameter.name());
            DataFieldViewModel field = new DataFieldViewModel(parameter);
            if (old != null && old.type() == field.type()) {
                field.textProperty().set(old.textProperty().get());
                field.checkedProperty().set(old.checkedProperty().get());
            }
            next.add(field);
        }
        fields.setAll(next);
    }

    /** The values the form gives now: each field not left empty. */
    public ObjectNode values() {
        ObjectNode values = Json.object();
        for (DataFieldViewModel field : fields) {
            field.value().ifPresent(v -> values.set(field.name(), v));
        }
        return values;
    }

    /** Fills the form with {@code values} (a data-set row); a field the row does not name is emptied. */
    public void fill(ObjectNode values) {
        for (DataFieldViewModel field : fields) {
            field.show(values == null ? null : values.get(field.name()));
        }
        validate();
    }

    /** Checks the values against the schema: each field shows its problems, the rest are listed. */
    public void validate() {
        Map<String, String> byField = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (DataFieldViewModel field : fields) {
            field.localProblem().ifPresent(p -> byField.put(field.name(), p));
        }
        List<ParameterProblem> found;
        try {
            found = ParameterSchema.of(schema).check(values());
        } catch (RuntimeException checkerUnavailable) {
            found = List.of(); // the server checks the values again when the iteration runs
        }
        for (ParameterProblem p : found) {
            if (p.parameter() != null && fields.stream().anyMatch(f -> f.name().equals(p.parameter()))) {
                byField.merge(p.parameter(), p.message(), (a, b) -> a.equals(b) ? a : a + "; " + b);
            } else {
                other.add(p.message());
            }
        }
        for (DataFieldViewModel field : fields) {
            field.problemProperty().set(byField.getOrDefault(field.name(), ""));
        }
        List<String> all = new ArrayList<>(byField.values());
        all.addAll(other);
        problems.setAll(all);
        valid.set(all.isEmpty());
    }

    // ---- data sets ----

    /** Lists the data sets. */
    public void loadDataSets() {
        tasks.run("Loading data sets", progress -> api.get().dataSets(), list -> {
            dataSets.setAll(list.items());
            if (dataSet.get() != null && list.items().stream().noneMatch(s -> s.name().equals(dataSet.get().name()))) {
                dataSet.set(null);
            }
        }, failure -> dialogs.show(ErrorRequest.of("Could not load the data sets", failure)));
    }

    /** Opens the data set {@code name} (null: none) to pick its rows; an earlier open is dropped. */
    public void openDataSet(String name) {
        if (setLoad != null) {
            setLoad.cancel();
        }
        if (name == null) {
            dataSet.set(null);
            return;
        }
        setLoad = tasks.run("Opening data set " + name, progress -> api.get().dataSet(name), set -> {
            dataSet.set(set);
            message.set(set.name() + ": " + set.rows().size() + (set.rows().size() == 1 ? " row" : " rows"));
        }, failure -> dialogs.show(ErrorRequest.of("Could not open the data set " + name, failure)));
    }

    /** Fills the form with row {@code index} of the open data set. */
    public void useRow(int index) {
        DataSetView set = dataSet.get();
        if (set == null || index < 0 || index >= set.rows().size()) {
            return;
        }
        DataSetRow row = set.rows().get(index);
        fill(row.values());
        message.set("Row " + (index + 1) + (row.label() == null || row.label().isBlank() ? "" : " (" + row.label()
                + ")") + " of " + set.name());
    }

    /**
     * Asks for a data set (the open one by default, or a new name) and a label, and appends the form's values to it as
     * a row (the data set is created when it does not exist).
     */
    public void saveAsRow() {
        String initial = dataSet.get() == null ? "" : dataSet.get().name();
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("Save as data-set row",
                "The values of the form become a new row of the data set.", List.of(
                        FormRequest.Field.text("dataSet", "Data set", initial, "e.g. greetings-smoke"),
                        FormRequest.Field.text("label", "Row label", "", "optional")),
                DataFormViewModel::rowProblems, "Save row"));
        if (answer.isEmpty()) {
            return;
        }
        String name = answer.get().get("dataSet").strip();
        String label = answer.get().getOrDefault("label", "").strip();
        DataSetRow row = new DataSetRow(label.isEmpty() ? null : label, values());
        tasks.run("Saving a row of " + name, progress -> {
            DataSetView existing = existing(name);
            List<DataSetRow> rows = new ArrayList<>(existing == null ? List.of() : existing.rows());
            rows.add(row);
            return api.get().saveDataSet(new DataSetWrite(name,
                    existing == null ? null : existing.description(), rows));
        }, saved -> {
            dataSet.set(saved);
            message.set("Saved as row " + saved.rows().size() + " of " + saved.name());
            loadDataSets();
        }, failure -> dialogs.show(ErrorRequest.of("Could not save the row to " + name, failure)));
    }

    private DataSetView existing(String name) {
        try {
            return api.get().dataSet(name);
        } catch (ApiError error) {
            if (error.status() == 404) {
                return null;
            }
            throw error;
        }
    }

    /** A data-set name of 1-64 letters, digits, '.', '_' or '-'. */
    public static Map<String, String> rowProblems(Map<String, String> values) {
        String name = values.getOrDefault("dataSet", "").strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            return Map.of("dataSet", "1-64 letters, digits, '.', '_' or '-'");
        }
        return Map.of();
    }

    // ---- properties ----

    public ObservableList<DataFieldViewModel> fields() {
        return fields;
    }

    /** Every problem of the values now, field problems first. */
    public ObservableList<String> problems() {
        return problems;
    }

    /** Whether the values pass the schema's check. */
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public ObservableList<DataSetList.Summary> dataSets() {
        return dataSets;
    }

    /** The open data set with its rows, or null. */
    public ReadOnlyObjectProperty<DataSetView> dataSetProperty() {
        return dataSet.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
