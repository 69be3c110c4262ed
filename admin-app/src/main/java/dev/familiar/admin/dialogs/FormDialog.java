package dev.familiar.admin.dialogs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Renders a {@link FormRequest}: one row per field (label, editor, problem), validated on every change; the confirm
 * button is disabled while any field has a problem. Editors have the ids {@code field-<name>}, problems
 * {@code problem-<name>}.
 */
final class FormDialog {
    private final FormRequest request;
    private final Dialog<Map<String, String>> dialog = new Dialog<>();
    private final Map<String, Supplier<String>> values = new LinkedHashMap<>();
    private final Map<String, Label> problems = new LinkedHashMap<>();
    private final ButtonType confirm;

    FormDialog(FormRequest request, Window owner) {
        this.request = request;
        dialog.initOwner(owner);
        dialog.setTitle(request.title());
        dialog.setHeaderText(request.header());
        dialog.getDialogPane().setId("formDialog");
        confirm = new ButtonType(request.confirmText(), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(confirm).setId("formConfirm");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        int row = 0;
        for (FormRequest.Field field : request.fields()) {
            Label label = new Label(field.label());
            Node editor = editor(field);
            label.setLabelFor(editor);
            Label problem = new Label();
            problem.setId("problem-" + field.name());
            problem.getStyleClass().add("danger");
            problems.put(field.name(), problem);
            grid.addRow(row++, label, editor, problem);
        }
        dialog.getDialogPane().setContent(grid);
        dialog.setResizable(true);
        dialog.setResultConverter(button -> button == confirm ? current() : null);
        validate();
    }

    Optional<Map<String, String>> ask() {
        return dialog.showAndWait();
    }

    private Node editor(FormRequest.Field field) {
        Node node;
        switch (field.kind()) {
            case CHECKBOX -> {
                CheckBox box = new CheckBox();
                box.setSelected(Boolean.parseBoolean(field.initial()));
                box.selectedProperty().addListener((obs, old, now) -> validate());
                values.put(field.name(), () -> Boolean.toString(box.isSelected()));
                node = box;
            }
            case CHOICE -> {
                ComboBox<String> box = new ComboBox<>();
                box.getItems().setAll(field.choices());
                box.setValue(field.initial().isEmpty() && !field.choices().isEmpty()
                        ? field.choices().get(0) : field.initial());
                box.valueProperty().addListener((obs, old, now) -> validate());
                values.put(field.name(), () -> box.getValue() == null ? "" : box.getValue());
                node = box;
            }
            case MULTILINE -> {
                TextArea area = new TextArea(field.initial());
                area.setPrefRowCount(4);
                area.setPromptText(field.prompt());
                area.textProperty().addListener((obs, old, now) -> validate());
                values.put(field.name(), area::getText);
                node = area;
            }
            default -> {
                TextField text = new TextField(field.initial());
                text.setPromptText(field.prompt());
                text.setPrefColumnCount(24);
                text.textProperty().addListener((obs, old, now) -> validate());
                values.put(field.name(), text::getText);
                node = text;
            }
        }
        node.setId("field-" + field.name());
        return node;
    }

    private Map<String, String> current() {
        Map<String, String> answer = new LinkedHashMap<>();
        values.forEach((name, value) -> answer.put(name, value.get().trim()));
        return answer;
    }

    private void validate() {
        if (values.size() < request.fields().size()) {
            return; // still building the rows
        }
        Map<String, String> found = request.validation().apply(current());
        problems.forEach((name, label) -> label.setText(found.getOrDefault(name, "")));
        dialog.getDialogPane().lookupButton(confirm).setDisable(!found.isEmpty());
    }
}
