package dev.familiar.admin.promptlab;

import static dev.familiar.admin.promptlab.LabControls.button;
import static dev.familiar.admin.promptlab.LabControls.spacer;
import static dev.familiar.admin.promptlab.LabControls.title;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The output pane: Run and Cancel, the output as it streams in, then the status, tokens, cost and latency and a
 * "dry-run" badge when the echo provider answered; below, a batch's progress with its own Cancel. Ids:
 * {@code #runIteration}, {@code #cancelRun}, {@code #runOutput}, {@code #runStatus}, {@code #runFigures},
 * {@code #dryRunBadge}, {@code #batchProgress}, {@code #batchMessage}, {@code #cancelBatch}.
 */
final class OutputPane {
    private final PromptLabViewModel lab;
    private final VBox node;

    OutputPane(PromptLabViewModel lab) {
        this.lab = lab;
        this.node = build();
    }

    Node node() {
        return node;
    }

    private VBox build() {
        RunViewModel runner = lab.runner();
        Label badge = new Label("dry-run");
        badge.setId("dryRunBadge");
        badge.getStyleClass().add("dry-run-badge");
        badge.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        badge.setTooltip(new javafx.scene.control.Tooltip("The echo provider answered: no model was called"));
        badge.visibleProperty().bind(runner.dryRunProperty());
        badge.managedProperty().bind(badge.visibleProperty());

        Button run = button("runIteration", "Run", lab::run);
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(lab.canRunProperty().not());
        Button cancel = button("cancelRun", "Cancel", runner::cancel);
        cancel.disableProperty().bind(runner.runningProperty().not());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(runner.runningProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        HBox heading = new HBox(8, title("Output"), badge, spacer(), spinner, run, cancel);
        heading.setAlignment(Pos.CENTER_LEFT);

        TextArea output = new TextArea();
        output.setId("runOutput");
        output.getStyleClass().add("run-output");
        output.setEditable(false);
        output.setWrapText(true);
        output.textProperty().bind(runner.outputProperty());
        output.textProperty().addListener((obs, old, text) -> output.positionCaret(text.length()));
        VBox.setVgrow(output, Priority.ALWAYS);

        Label status = new Label();
        status.setId("runStatus");
        status.setWrapText(true);
        status.textProperty().bind(runner.statusProperty());
        Label figures = LabControls.subtle("runFigures");
        figures.textProperty().bind(runner.figuresProperty());

        ProgressBar progress = new ProgressBar();
        progress.setId("batchProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(runner.batchProgressProperty());
        HBox.setHgrow(progress, Priority.ALWAYS);
        Button cancelBatch = button("cancelBatch", "Cancel batch", runner::cancelBatch);
        cancelBatch.disableProperty().bind(runner.batchRunningProperty().not());
        HBox batchRow = new HBox(8, progress, cancelBatch);
        batchRow.setAlignment(Pos.CENTER_LEFT);
        Label batchMessage = LabControls.subtle("batchMessage");
        batchMessage.textProperty().bind(runner.batchMessageProperty());
        VBox batch = new VBox(4, batchRow, batchMessage);
        batch.visibleProperty().bind(runner.batchProperty().isNotNull().or(runner.batchRunningProperty()));
        batch.managedProperty().bind(batch.visibleProperty());

        VBox pane = new VBox(6, heading, output, status, figures, batch);
        pane.setPadding(new Insets(0, 0, 0, 8));
        return pane;
    }
}
