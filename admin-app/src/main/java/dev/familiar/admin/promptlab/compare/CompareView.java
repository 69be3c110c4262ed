package dev.familiar.admin.promptlab.compare;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Two iterations side by side: a header per side, then template, data, rendered prompt and output, each a line diff
 * whose changed lines highlight the words removed (left, red) and inserted (right, green). Entry points:
 * {@link #node(IterationComparison)} for a comparison at hand, {@link #CompareView(CompareViewModel)} for one that
 * follows a view model. Ids for tests: {@code #compareLeftHeader}, {@code #compareRightHeader},
 * {@code #compareSection-Template} (…{@code -Data}, {@code -Rendered-prompt}, {@code -Output}); changed words carry
 * the style classes {@code diff-removed} / {@code diff-inserted}.
 */
public final class CompareView {
    private static final String CSS = CompareView.class.getResource("CompareView.css").toExternalForm();
    private final CompareViewModel viewModel;
    private StackPane view;

    public CompareView(CompareViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** A node that shows the view model's comparison (its message until there is one). */
    public Node node() {
        if (view == null) {
            view = new StackPane();
            view.setId("compareView");
            render();
            viewModel.comparisonProperty().addListener((obs, old, now) -> render());
        }
        return view;
    }

    private void render() {
        IterationComparison comparison = viewModel.comparisonProperty().get();
        if (comparison == null) {
            Label message = new Label();
            message.setId("compareMessage");
            message.textProperty().bind(viewModel.messageProperty());
            view.getChildren().setAll(message);
        } else {
            view.getChildren().setAll(node(comparison));
        }
    }

    /** The comparison as a scrollable node. */
    public static Node node(IterationComparison comparison) {
        GridPane header = grid();
        header.setId("compareHeader");
        header.add(side("compareLeftHeader", "A", comparison.left()), 0, 0);
        header.add(side("compareRightHeader", "B", comparison.right()), 1, 0);
        VBox content = new VBox(8, header);
        content.setPadding(new Insets(8));
        for (IterationComparison.Section section : comparison.sections()) {
            TitledPane pane = new TitledPane(section.name() + (section.identical() ? " (identical)" : ""),
                    rows(section.rows()));
            pane.setId("compareSection-" + section.name().replace(' ', '-'));
            pane.setExpanded(!section.identical() || !"Template".equals(section.name()));
            content.getChildren().add(pane);
        }
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStylesheets().add(CSS);
        return scroll;
    }

    private static Node side(String id, String name, IterationComparison.Side side) {
        Label title = new Label(name + ": " + side.versionText());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label figures = new Label(side.tokensText() + " · " + (side.cost().isEmpty() ? "cost unknown" : side.cost())
                + " · " + side.latencyText() + " · " + side.status());
        Label id2 = new Label("iteration " + side.iterationId());
        id2.getStyleClass().add(Styles.TEXT_MUTED);
        VBox box = new VBox(2, title, figures, id2);
        box.setId(id);
        return box;
    }

    private static Node rows(List<TextDiff.Row> rows) {
        GridPane grid = grid();
        grid.getStyleClass().add("diff-grid");
        int r = 0;
        for (TextDiff.Row row : rows) {
            grid.add(cell(row.left(), row.leftWords(), row.kind(), true), 0, r);
            grid.add(cell(row.right(), row.rightWords(), row.kind(), false), 1, r);
            r++;
        }
        if (rows.isEmpty()) {
            grid.add(new Label("(empty on both sides)"), 0, 0);
        }
        return grid;
    }

    private static Node cell(String line, List<TextDiff.Edit> words, TextDiff.RowKind kind, boolean left) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add("diff-line");
        if (line == null) {
            flow.getStyleClass().add("diff-blank");
            return flow;
        }
        if (kind == TextDiff.RowKind.REMOVED) {
            flow.getStyleClass().add("diff-line-removed");
        } else if (kind == TextDiff.RowKind.INSERTED) {
            flow.getStyleClass().add("diff-line-inserted");
        } else if (kind == TextDiff.RowKind.CHANGED) {
            flow.getStyleClass().add(left ? "diff-line-changed-left" : "diff-line-changed-right");
        }
        for (TextDiff.Edit edit : words) {
            Text text = new Text(edit.text().isEmpty() ? " " : edit.text());
            text.getStyleClass().add("diff-text");
            if (kind == TextDiff.RowKind.CHANGED && edit.op() == TextDiff.Op.DELETE) {
                text.getStyleClass().add("diff-removed");
            } else if (kind == TextDiff.RowKind.CHANGED && edit.op() == TextDiff.Op.INSERT) {
                text.getStyleClass().add("diff-inserted");
            }
            flow.getChildren().add(text);
        }
        if (words.isEmpty() || line.isEmpty()) {
            flow.getChildren().setAll(new Text(" "));
        }
        return flow;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(1);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(half, half);
        return grid;
    }
}
