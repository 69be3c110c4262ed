package dev.familiar.admin.promptlab;

import static dev.familiar.admin.promptlab.LabControls.button;
import static dev.familiar.admin.promptlab.LabControls.column;
import static dev.familiar.admin.promptlab.LabControls.spacer;
import static dev.familiar.admin.promptlab.LabControls.title;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The iteration history of the function: time, version, status, tokens, cost, latency, who; several rows may be
 * selected (Compare takes two). Ids: {@code #historyTable}, {@code #historyMessage}, {@code #historyLoadMore}.
 */
final class HistoryPane {
    private final HistoryViewModel history;
    private final HBox extraActions;
    private final VBox node;

    HistoryPane(HistoryViewModel history, HBox extraActions) {
        this.history = history;
        this.extraActions = extraActions;
        this.node = build();
    }

    Node node() {
        return node;
    }

    private VBox build() {
        TableView<IterationItemViewModel> table = new TableView<>(history.items());
        table.setId("historyTable");
        table.setPlaceholder(new Label("No iterations of this function yet"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getColumns().setAll(List.of(
                column("Time", 170, IterationItemViewModel::timeText),
                column("Version", 80, IterationItemViewModel::versionText),
                column("Status", 190, IterationItemViewModel::statusText),
                column("Tokens", 122, IterationItemViewModel::tokensText),
                column("Cost", 70, IterationItemViewModel::costText),
                column("Latency", 80, IterationItemViewModel::latencyText),
                column("Who", 100, IterationItemViewModel::whoText)));
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<IterationItemViewModel>)
                change -> history.selected().setAll(List.copyOf(table.getSelectionModel().getSelectedItems())));
        VBox.setVgrow(table, Priority.ALWAYS);

        Label message = LabControls.subtle("historyMessage");
        message.textProperty().bind(history.messageProperty());
        Button more = button("historyLoadMore", "Load more", history::loadMore);
        more.visibleProperty().bind(history.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        HBox heading = new HBox(8, title("Iterations"), message, spacer(), extraActions, more);
        heading.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, heading, table);
    }
}
