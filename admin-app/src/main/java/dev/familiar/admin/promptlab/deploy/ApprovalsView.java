package dev.familiar.admin.promptlab.deploy;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The approvals list: deployments waiting for approval (function, version and major, classification, requested by
 * and when, Approve / Reject per row; Approve disabled with the reason on one's own) and the active function majors
 * with Rollback. Ids for tests: {@code #approvalsTable}, {@code #approve-<id>}, {@code #reject-<id>},
 * {@code #approvalsRefresh}, {@code #activeMajorsTable}, {@code #rollback-<function>-<major>},
 * {@code #approvalsMessage}, {@code #approvalsListMessage}, {@code #approvalsNote}.
 */
public final class ApprovalsView {
    private final ApprovalsViewModel viewModel;
    private VBox view;

    public ApprovalsView(ApprovalsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** The node; the host calls {@link ApprovalsViewModel#load()} when it shows it. */
    public Node node() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    private VBox build() {
        Label title = new Label("Deployments waiting for approval");
        title.getStyleClass().add(Styles.TITLE_4);
        Button refresh = new Button("Refresh");
        refresh.setId("approvalsRefresh");
        refresh.setOnAction(event -> viewModel.load());
        Label listMessage = new Label();
        listMessage.setId("approvalsListMessage");
        listMessage.textProperty().bind(viewModel.listMessageProperty());
        Label note = new Label();
        note.setId("approvalsNote");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.textProperty().bind(viewModel.approvalNoteProperty());

        TableView<ApprovalItem> approvals = new TableView<>(viewModel.approvals());
        approvals.setId("approvalsTable");
        approvals.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        approvals.getColumns().add(column("Function", 140, ApprovalItem::function));
        approvals.getColumns().add(column("Version", 110, ApprovalItem::versionText));
        approvals.getColumns().add(column("Classification", 150, ApprovalItem::classText));
        approvals.getColumns().add(column("Requested by", 120, ApprovalItem::requestedByText));
        approvals.getColumns().add(column("Requested", 130, ApprovalItem::requestedAtText));
        TableColumn<ApprovalItem, ApprovalItem> actions = new TableColumn<>("");
        actions.setPrefWidth(260);
        actions.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        actions.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(ApprovalItem item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                Button approve = new Button("Approve");
                approve.setId("approve-" + item.id());
                approve.getStyleClass().add(Styles.SUCCESS);
                approve.setDisable(!item.canApprove());
                approve.setOnAction(event -> viewModel.approve(item));
                Button reject = new Button("Reject");
                reject.setId("reject-" + item.id());
                reject.getStyleClass().add(Styles.DANGER);
                reject.setOnAction(event -> viewModel.reject(item));
                HBox box = new HBox(6, approve, reject);
                box.setAlignment(Pos.CENTER_LEFT);
                if (!item.canApprove()) {
                    Label reason = new Label(item.approveDisabledReason());
                    reason.setId("approveReason-" + item.id());
                    reason.getStyleClass().add(Styles.TEXT_MUTED);
                    box.getChildren().add(reason);
                    Tooltip.install(box, new Tooltip("Approve is disabled: " + item.approveDisabledReason()));
                }
                setGraphic(box);
            }
        });
        approvals.getColumns().add(actions);
        approvals.setPlaceholder(new Label("Nothing waits for approval"));
        approvals.setPrefHeight(220);

        Label activeTitle = new Label("Active function majors");
        activeTitle.getStyleClass().add(Styles.TITLE_4);
        TableView<ActiveMajorItem> majors = new TableView<>(viewModel.activeMajors());
        majors.setId("activeMajorsTable");
        majors.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        majors.getColumns().add(column("Function major", 180, ActiveMajorItem::name));
        majors.getColumns().add(column("Active version", 110, ActiveMajorItem::versionText));
        majors.getColumns().add(column("Since", 140, ActiveMajorItem::activatedText));
        TableColumn<ActiveMajorItem, ActiveMajorItem> rollback = new TableColumn<>("");
        rollback.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        rollback.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(ActiveMajorItem item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                Button button = new Button("Roll back…");
                button.setId("rollback-" + item.function() + "-" + item.major());
                button.setOnAction(event -> viewModel.rollback(item));
                setGraphic(button);
            }
        });
        majors.getColumns().add(rollback);
        majors.setPlaceholder(new Label("No function is deployed"));
        VBox.setVgrow(majors, Priority.ALWAYS);

        Label message = new Label();
        message.setId("approvalsMessage");
        message.textProperty().bind(viewModel.messageProperty());

        HBox top = new HBox(10, title, refresh, listMessage);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, top, note, approvals, message, activeTitle, majors);
        box.setPadding(new Insets(8));
        return box;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }
}
