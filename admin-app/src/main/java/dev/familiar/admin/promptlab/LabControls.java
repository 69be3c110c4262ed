package dev.familiar.admin.promptlab;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The small builders the Prompt Lab's panes share. */
final class LabControls {
    private LabControls() {
    }

    static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setOnAction(event -> action.run());
        return button;
    }

    static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    static Label subtle(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add(Styles.TEXT_SUBTLE);
        return label;
    }

    /** A label listing {@code problems}, one a line, styled as problems; hidden while there are none. */
    static Label problems(String id, ObservableList<String> problems) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add("lab-problem");
        Runnable update = () -> {
            label.setText(String.join("\n", problems));
            label.setVisible(!problems.isEmpty());
            label.setManaged(!problems.isEmpty());
        };
        problems.addListener((javafx.collections.ListChangeListener<String>) change -> update.run());
        update.run();
        return label;
    }

    static Region spacer() {
        Region spacer = new Region();
        javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }

    static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }

    /**
     * A column whose cells hold an editing control bound to the row ({@code editor} builds it once per row), so an
     * edit reaches the view model as it is typed, with no commit step.
     */
    static <T> TableColumn<T, T> editorColumn(String title, double width, Function<T, Node> editor) {
        TableColumn<T, T> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(col -> new TableCell<>() {
            private T shown;
            private Node node;

            @Override
            protected void updateItem(T row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    shown = null;
                    node = null;
                    setGraphic(null);
                    return;
                }
                if (row != shown) {
                    shown = row;
                    node = editor.apply(row);
                }
                setGraphic(node);
            }
        });
        return column;
    }

    /** A form label that is never cut to "Tem…". */
    static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
