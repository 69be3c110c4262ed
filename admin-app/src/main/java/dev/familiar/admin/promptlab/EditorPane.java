package dev.familiar.admin.promptlab;

import static dev.familiar.admin.promptlab.LabControls.button;
import static dev.familiar.admin.promptlab.LabControls.editorColumn;
import static dev.familiar.admin.promptlab.LabControls.spacer;
import static dev.familiar.admin.promptlab.LabControls.title;

import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.StringConverter;

/**
 * The template editor pane: the template text, a live preview with placeholders highlighted (undeclared ones and
 * syntax problems flagged), the problems, the parameter schema as an editable table, and the model settings. Ids:
 * {@code #templateEditor}, {@code #templatePreview}, {@code #templateProblems}, {@code #schemaTable},
 * {@code #addParameter}, {@code #removeParameter}, {@code #settingsProvider}…
 */
final class EditorPane {
    private final TemplateEditorViewModel editor;
    private final VBox node;

    EditorPane(TemplateEditorViewModel editor) {
        this.editor = editor;
        this.node = build();
    }

    Node node() {
        return node;
    }

    private VBox build() {
        TextArea template = new TextArea();
        template.setId("templateEditor");
        template.getStyleClass().add("template-editor");
        template.setWrapText(true);
        template.setPrefRowCount(4);
        template.setMinHeight(70);
        template.setPromptText("Hello {{name}}! Write {{ count }} lines in a {{tone}} tone. \\{{ is a literal {{.");
        template.textProperty().bindBidirectional(editor.templateProperty());
        VBox.setVgrow(template, Priority.ALWAYS);

        TextFlow preview = new TextFlow();
        preview.setId("templatePreview");
        preview.getStyleClass().add("template-preview");
        editor.segments().addListener((ListChangeListener<TemplateSegment>) change -> render(preview));
        render(preview);
        ScrollPane previewScroll = new ScrollPane(preview);
        previewScroll.setFitToWidth(true);
        previewScroll.setPrefViewportHeight(70);
        previewScroll.setMinViewportHeight(54);

        ObservableList<String> problemTexts = FXCollections.observableArrayList();
        editor.problems().addListener((ListChangeListener<ParameterProblem>) change -> problemTexts.setAll(
                editor.problems().stream().map(ParameterProblem::message).toList()));
        problemTexts.setAll(editor.problems().stream().map(ParameterProblem::message).toList());
        Label problems = LabControls.problems("templateProblems", problemTexts);

        TableView<ParameterRowViewModel> table = schemaTable();
        Node add = button("addParameter", "Add", editor::addParameter);
        Node remove = button("removeParameter", "Remove", () -> {
            ParameterRowViewModel row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                editor.removeParameter(row);
            }
        });
        HBox schemaHeading = new HBox(6, title("Parameters"), spacer(), add, remove);
        schemaHeading.setAlignment(Pos.CENTER_LEFT);

        TitledPane settings = new TitledPane("Settings", settings());
        settings.setId("settingsPane");
        settings.setExpanded(false); // the template and schema need the room; settings are a click away

        VBox pane = new VBox(6, title("Template"), template, previewScroll, problems, schemaHeading, table, settings);
        pane.setPadding(new Insets(0, 8, 0, 0));
        return pane;
    }

    private void render(TextFlow preview) {
        List<Node> texts = new ArrayList<>();
        for (TemplateSegment segment : editor.segments()) {
            Text text = new Text(segment.text());
            text.getStyleClass().add("text");
            switch (segment.kind()) {
                case PLACEHOLDER -> text.getStyleClass().add("placeholder");
                case UNKNOWN_PLACEHOLDER -> text.getStyleClass().add("placeholder-unknown");
                case PROBLEM -> text.getStyleClass().add("template-problem");
                case TEXT -> { }
            }
            if (segment.message() != null) {
                Tooltip.install(text, new Tooltip(segment.message()));
            }
            texts.add(text);
        }
        preview.getChildren().setAll(texts);
    }

    private TableView<ParameterRowViewModel> schemaTable() {
        TableView<ParameterRowViewModel> table = new TableView<>(editor.parameters());
        table.setId("schemaTable");
        table.setPlaceholder(new Label("No parameters: Add one per placeholder"));
        table.setPrefHeight(150);
        table.setMinHeight(90);
        List<ParameterType> types = Arrays.asList(ParameterType.values());
        List<TableColumn<ParameterRowViewModel, ?>> columns = new ArrayList<>();
        columns.add(editorColumn("Name", 110, row -> text(row.nameProperty(), "param-name")));
        columns.add(editorColumn("Type", 95, row -> {
            ChoiceBox<ParameterType> type = new ChoiceBox<>(FXCollections.observableArrayList(types));
            type.setConverter(typeNames("any"));
            type.valueProperty().bindBidirectional(row.typeProperty());
            type.getStyleClass().add("param-type");
            return type;
        }));
        columns.add(editorColumn("Required", 70, row -> {
            CheckBox required = new CheckBox();
            required.selectedProperty().bindBidirectional(row.requiredProperty());
            required.getStyleClass().add("param-required");
            return required;
        }));
        columns.add(editorColumn("Default", 90, row -> text(row.defaultTextProperty(), "param-default")));
        columns.add(editorColumn("Description", 130, row -> text(row.descriptionProperty(), "param-description")));
        columns.add(editorColumn("Enum values", 110, row -> {
            TextField values = text(row.valuesTextProperty(), "param-values");
            values.setPromptText("a, b, c");
            values.disableProperty().bind(row.typeProperty().isNotEqualTo(ParameterType.ENUM));
            return values;
        }));
        columns.add(editorColumn("List items", 95, row -> {
            List<ParameterType> itemTypes = new ArrayList<>();
            itemTypes.add(null);
            itemTypes.addAll(List.of(ParameterType.STRING, ParameterType.INTEGER, ParameterType.NUMBER,
                    ParameterType.BOOLEAN, ParameterType.OBJECT));
            ChoiceBox<ParameterType> items = new ChoiceBox<>(FXCollections.observableArrayList(itemTypes));
            items.setConverter(typeNames("any"));
            items.valueProperty().bindBidirectional(row.itemsProperty());
            items.disableProperty().bind(row.typeProperty().isNotEqualTo(ParameterType.LIST));
            return items;
        }));
        columns.add(editorColumn("Problem", 180, row -> {
            Label problem = new Label();
            problem.getStyleClass().add("lab-problem");
            problem.textProperty().bind(row.problemProperty());
            problem.setWrapText(true);
            return problem;
        }));
        table.getColumns().setAll(columns);
        return table;
    }

    private static TextField text(javafx.beans.property.StringProperty property, String styleClass) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(property);
        field.getStyleClass().add(styleClass);
        return field;
    }

    private static StringConverter<ParameterType> typeNames(String none) {
        return new StringConverter<>() {
            @Override
            public String toString(ParameterType type) {
                return type == null ? none : type.json();
            }

            @Override
            public ParameterType fromString(String text) {
                return none.equals(text) ? null : ParameterType.parse(text);
            }
        };
    }

    private GridPane settings() {
        ComboBox<ProviderChoice> provider = new ComboBox<>(editor.providers());
        provider.setId("settingsProvider");
        provider.setPromptText("server default");
        provider.valueProperty().bindBidirectional(editor.providerProperty());
        provider.setMaxWidth(Double.MAX_VALUE);
        TextField model = field("settingsModel", editor.modelProperty(), "provider default");
        TextField temperature = field("settingsTemperature", editor.temperatureProperty(), "0 to 2");
        TextField maxTokens = field("settingsMaxTokens", editor.maxTokensProperty(), "1 to 100,000");
        TextArea system = new TextArea();
        system.setId("settingsSystem");
        system.setPrefRowCount(2);
        system.setWrapText(true);
        system.setPromptText("system message (optional)");
        system.textProperty().bindBidirectional(editor.systemProperty());
        ComboBox<String> format = new ComboBox<>(FXCollections.observableArrayList(
                TemplateEditorViewModel.RESPONSE_FORMATS));
        format.setId("settingsResponseFormat");
        format.valueProperty().bindBidirectional(editor.responseFormatProperty());
        format.setConverter(new StringConverter<>() {
            @Override
            public String toString(String value) {
                return value == null || value.isEmpty() ? "provider default" : value;
            }

            @Override
            public String fromString(String text) {
                return "provider default".equals(text) ? "" : text;
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, LabControls.label("Provider"), provider, LabControls.label("Model"), model);
        grid.addRow(1, LabControls.label("Temperature"), temperature, LabControls.label("Max tokens"), maxTokens);
        grid.addRow(2, LabControls.label("Format"), format);
        grid.add(LabControls.label("System"), 0, 3);
        grid.add(system, 1, 3, 3, 1);
        grid.add(LabControls.problems("settingsProblems", editor.settingsProblems()), 0, 4, 4, 1);
        GridPane.setHgrow(provider, Priority.ALWAYS);
        GridPane.setHgrow(model, Priority.ALWAYS);
        return grid;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(8);
        field.textProperty().bindBidirectional(property);
        return field;
    }
}
