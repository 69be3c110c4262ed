package dev.familiar.admin.promptlab.compare;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Two versions over one data set, row by row: a progress bar per batch with Cancel, then the rows (label, output
 * A and B, tokens, cost, latency, status) and the totals. Double-click (or Open) a row for the iteration diff. The
 * Prompt Lab starts the comparison through {@link VersionComparisonViewModel#start}. Ids for tests:
 * {@code #versionCompareProgressA}, {@code #versionCompareProgressB}, {@code #versionCompareCancel},
 * {@code #versionCompareTable}, {@code #versionCompareOpen}, {@code #versionCompareTotals}, {@code #versionCompareMessage}.
 */
public final class VersionComparisonView {
    private final VersionComparisonViewModel viewModel;
    private VBox view;

    public VersionComparisonView(VersionComparisonViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Node node() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    private VBox build() {
        ProgressBar barA = bar("versionCompareProgressA");
        barA.progressProperty().bind(viewModel.leftProgressProperty());
        Label textA = new Label();
        textA.textProperty().bind(viewModel.leftProgressTextProperty());
        ProgressBar barB = bar("versionCompareProgressB");
        barB.progressProperty().bind(viewModel.rightProgressProperty());
        Label textB = new Label();
        textB.textProperty().bind(viewModel.rightProgressTextProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("versionCompareCancel");
        cancel.disableProperty().bind(viewModel.runningProperty().not());
        cancel.setOnAction(event -> viewModel.cancel());
        GridPane progress = new GridPane();
        progress.setHgap(8);
        progress.setVgap(4);
        progress.addRow(0, barA, textA);
        progress.addRow(1, barB, textB);
        progress.add(cancel, 2, 0, 1, 2);

        TableView<ComparisonRow> table = new TableView<>(viewModel.rows());
        table.setId("versionCompareTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Row", 110, ComparisonRow::labelText));
        table.getColumns().add(column("Output A", 260, ComparisonRow::leftOutput));
        table.getColumns().add(column("Output B", 260, ComparisonRow::rightOutput));
        table.getColumns().add(column("Tokens A / B", 110, ComparisonRow::tokensText));
        table.getColumns().add(column("Cost A / B", 140, ComparisonRow::costText));
        table.getColumns().add(column("Latency A / B", 120, ComparisonRow::latencyText));
        table.getColumns().add(column("Status", 120, ComparisonRow::statusText));
        table.setPlaceholder(new Label("No rows compared yet"));
        table.setRowFactory(tv -> {
            javafx.scene.control.TableRow<ComparisonRow> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.open(row.getItem());
                }
            });
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        Button open = new Button("Open row diff");
        open.setId("versionCompareOpen");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(event -> viewModel.open(table.getSelectionModel().getSelectedItem()));

        Label totals = new Label();
        totals.setId("versionCompareTotals");
        totals.textProperty().bind(Bindings.createStringBinding(() -> totalsText(viewModel.totalsProperty().get()),
                viewModel.totalsProperty()));
        Label message = new Label();
        message.setId("versionCompareMessage");
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.textProperty().bind(viewModel.messageProperty());

        VBox box = new VBox(8, progress, message, table, new HBox(8, open, totals));
        box.setPadding(new Insets(8));
        return box;
    }

    /** "Totals A: 1,234 tokens, 0.01 USD, mean 830 ms, 0 of 20 failed · B: …". */
    static String totalsText(ComparisonTotals totals) {
        if (totals == null) {
            return "";
        }
        return "Totals A: " + side(totals.left()) + " · B: " + side(totals.right());
    }

    private static String side(ComparisonTotals.Side side) {
        return side.tokensText() + " tokens, " + (side.costText().isEmpty() ? "cost unknown" : side.costText())
                + ", mean " + side.latencyText() + ", " + side.failuresText();
    }

    private static ProgressBar bar(String id) {
        ProgressBar bar = new ProgressBar(0);
        bar.setId(id);
        bar.setPrefWidth(220);
        return bar;
    }

    private static TableColumn<ComparisonRow, String> column(String title, double width,
                                                             Function<ComparisonRow, String> text) {
        TableColumn<ComparisonRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }
}
