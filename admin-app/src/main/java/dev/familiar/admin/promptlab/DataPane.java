package dev.familiar.admin.promptlab;

import static dev.familiar.admin.promptlab.LabControls.button;
import static dev.familiar.admin.promptlab.LabControls.title;

import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The data pane: a form generated from the schema (a typed control per parameter, its problem under it), and the
 * data sets (pick one and a row to fill the form, save the form as a row, run the set as a batch). Ids:
 * {@code #dataForm}, {@code #data-<parameter>}, {@code #dataProblems}, {@code #dataSets}, {@code #dataSetRows},
 * {@code #saveRow}, {@code #runBatch}.
 */
final class DataPane {
    private final DataFormViewModel data;
    private final Runnable runBatch;
    private final VBox form = new VBox(8);
    private final VBox node;

    DataPane(DataFormViewModel data, Runnable runBatch) {
        this.data = data;
        this.runBatch = runBatch;
        this.node = build();
    }

    Node node() {
        return node;
    }

    private VBox build() {
        form.setId("dataForm");
        data.fields().addListener((ListChangeListener<DataFieldViewModel>) change -> {
            boolean structural = false;
            while (change.next()) {
                structural |= change.wasAdded() || change.wasRemoved() || change.wasPermutated();
            }
            if (structural) { // a value typed is an update of its field: the form keeps its controls (and focus)
                renderForm();
            }
        });
        renderForm();
        ScrollPane formScroll = new ScrollPane(form);
        formScroll.setFitToWidth(true);
        VBox.setVgrow(formScroll, Priority.ALWAYS);

        ObservableList<String> names = FXCollections.observableArrayList();
        data.dataSets().addListener((ListChangeListener<DataSetList.Summary>) change -> names.setAll(
                data.dataSets().stream().map(DataSetList.Summary::name).toList()));
        ComboBox<String> sets = new ComboBox<>(names);
        sets.setId("dataSets");
        sets.setPromptText("Data set…");
        sets.setMaxWidth(Double.MAX_VALUE);
        sets.setOnAction(event -> {
            String chosen = sets.getValue();
            DataSetView open = data.dataSetProperty().get();
            if (open == null || !open.name().equals(chosen)) {
                data.openDataSet(chosen);
            }
        });
        HBox.setHgrow(sets, Priority.ALWAYS);

        ObservableList<String> rowTexts = FXCollections.observableArrayList();
        ListView<String> rows = new ListView<>(rowTexts);
        rows.setId("dataSetRows");
        rows.setPrefHeight(84);
        rows.setPlaceholder(new Label("Pick a data set to use its rows"));
        data.dataSetProperty().addListener((obs, old, set) -> {
            rowTexts.setAll(set == null ? List.of() : rowTexts(set));
            if (set != null && !set.name().equals(sets.getValue())) {
                sets.setValue(set.name());
            }
        });
        rows.getSelectionModel().selectedIndexProperty().addListener((obs, old, index) -> {
            if (index != null && index.intValue() >= 0) {
                data.useRow(index.intValue());
            }
        });

        Label message = LabControls.subtle("dataMessage");
        message.textProperty().bind(data.messageProperty());
        FlowPane actions = new FlowPane(6, 6, button("saveRow", "Save as row…", data::saveAsRow),
                button("runBatch", "Run data set as batch", runBatch));
        VBox pane = new VBox(6, title("Data"), formScroll, LabControls.problems("dataProblems", data.problems()),
                new HBox(6, sets), rows, actions, message);
        pane.setPadding(new Insets(0, 8, 0, 8));
        return pane;
    }

    private static List<String> rowTexts(DataSetView set) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < set.rows().size(); i++) {
            DataSetRow row = set.rows().get(i);
            String label = row.label() == null || row.label().isBlank() ? "" : row.label() + " — ";
            texts.add((i + 1) + ". " + label + (row.values() == null ? "{}" : row.values().toString()));
        }
        return texts;
    }

    private void renderForm() {
        List<Node> children = new ArrayList<>();
        if (data.fields().isEmpty()) {
            Label none = new Label("No parameters: the template takes no data.");
            none.setWrapText(true);
            children.add(none);
        }
        for (DataFieldViewModel field : data.fields()) {
            Label label = new Label(field.label());
            Control input = control(field);
            input.setId("data-" + field.name());
            input.setMaxWidth(Double.MAX_VALUE);
            VBox box = new VBox(2, label, input);
            if (!field.hint().isEmpty()) {
                Label hint = new Label(field.hint());
                hint.setWrapText(true);
                hint.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_SUBTLE);
                box.getChildren().add(hint);
            }
            Label problem = new Label();
            problem.setWrapText(true);
            problem.getStyleClass().add("lab-problem");
            problem.textProperty().bind(field.problemProperty());
            problem.visibleProperty().bind(field.problemProperty().isNotEmpty());
            problem.managedProperty().bind(problem.visibleProperty());
            box.getChildren().add(problem);
            children.add(box);
        }
        form.getChildren().setAll(children);
    }

    private static Control control(DataFieldViewModel field) {
        switch (field.type()) {
            case BOOLEAN -> {
                CheckBox box = new CheckBox("true");
                box.selectedProperty().bindBidirectional(field.checkedProperty());
                return box;
            }
            case ENUM -> {
                List<String> choices = new ArrayList<>();
                choices.add("");
                choices.addAll(field.choices());
                ChoiceBox<String> choice = new ChoiceBox<>(FXCollections.observableArrayList(choices));
                choice.valueProperty().bindBidirectional(field.textProperty());
                return choice;
            }
            case INTEGER -> {
                return integerSpinner(field);
            }
            case LIST, OBJECT -> {
                TextArea json = new TextArea();
                json.setPrefRowCount(2);
                json.setWrapText(true);
                json.getStyleClass().add("run-output");
                json.setPromptText(field.type() == dev.familiar.model.prompt.ParameterType.LIST ? "[\"a\", \"b\"]"
                        : "{\"key\": \"value\"}");
                json.textProperty().bindBidirectional(field.textProperty());
                return json;
            }
            default -> {
                TextField text = new TextField();
                text.setPromptText(field.type() == dev.familiar.model.prompt.ParameterType.NUMBER ? "a number" : "");
                text.textProperty().bindBidirectional(field.textProperty());
                return text;
            }
        }
    }

    /** A spinner whose text is the field's: typed text goes to the field as it is typed; bad text reverts on commit. */
    private static Spinner<Integer> integerSpinner(DataFieldViewModel field) {
        Spinner<Integer> spinner = new Spinner<>();
        String typed = field.textProperty().get() == null ? "" : field.textProperty().get().strip();
        SpinnerValueFactory.IntegerSpinnerValueFactory factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                Integer.MIN_VALUE, Integer.MAX_VALUE, typed.matches("[-+]?\\d{1,9}") ? Integer.parseInt(typed) : 0);
        factory.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                String t = text == null ? "" : text.strip();
                return t.matches("[-+]?\\d{1,9}") ? Integer.valueOf(t) : factory.getValue();
            }
        });
        spinner.setValueFactory(factory);
        spinner.setEditable(true);
        spinner.getEditor().textProperty().bindBidirectional(field.textProperty());
        return spinner;
    }
}
