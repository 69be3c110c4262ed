package dev.familiar.admin.customers;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** One organisation's page; binds to {@link CustomerDetailViewModel}. */
final class CustomerDetailView {
    private final CustomerDetailViewModel viewModel;
    private final ScrollPane root;

    CustomerDetailView(CustomerDetailViewModel viewModel) {
        this.viewModel = viewModel;
        Button back = new Button("← Customers");
        back.setId("customerBack");
        back.setOnAction(event -> viewModel.backToList());
        Label title = bound(new Label(), "customerTitle", viewModel.titleProperty());
        title.getStyleClass().add(Styles.TITLE_2);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(viewModel.loadingProperty());
        HBox header = new HBox(12, back, title, spinner);
        header.setAlignment(Pos.CENTER_LEFT);
        Label notice = bound(new Label(), "customerNotice", viewModel.noticeProperty());
        notice.getStyleClass().add(Styles.ACCENT);

        GridPane facts = new GridPane();
        facts.setHgap(16);
        facts.setVgap(6);
        int row = 0;
        facts.addRow(row++, caption("Organisation id"), bound(new Label(), "customerOrgId", viewModel.orgIdProperty()));
        facts.addRow(row++, caption("Plan"), bound(new Label(), "customerPlan", viewModel.planProperty()));
        facts.addRow(row++, caption("Status"), bound(new Label(), "customerStatus", viewModel.statusProperty()));
        ProgressBar usageBar = new ProgressBar();
        usageBar.setId("customerUsageBar");
        usageBar.setPrefWidth(220);
        usageBar.progressProperty().bind(viewModel.usageFractionProperty());
        HBox usage = new HBox(8, usageBar, bound(new Label(), "customerUsage", viewModel.usageProperty()));
        usage.setAlignment(Pos.CENTER_LEFT);
        facts.addRow(row++, caption("Usage (used / included)"), usage);
        facts.addRow(row++, caption("Period"), bound(new Label(), "customerPeriod", viewModel.periodProperty()));
        facts.addRow(row++, caption("Scheduled change"),
                bound(new Label(), "customerScheduledChange", viewModel.scheduledChangeProperty()));
        facts.addRow(row++, caption("Billing"), bound(new Label(), "customerBilling", viewModel.billingProperty()));
        Label refunds = bound(new Label(), "customerRefunds", viewModel.refundsProperty());
        refunds.setWrapText(true);
        facts.addRow(row, caption("Refunds"), refunds);

        VBox content = new VBox(14, header, notice, facts, section("Plan"), planActions(), section("Subscription"),
                lifecycleActions(), section("Invoices"), invoices(), section("Users"), users());
        content.setPadding(new Insets(16, 20, 16, 20));
        root = new ScrollPane(content);
        root.setFitToWidth(true);
        root.setId("customerDetail");
    }

    Node node() {
        return root;
    }

    private Node planActions() {
        ComboBox<CustomersApi.PlanOption> up = plans("upgradePlan", "Upgrade to…", viewModel.upgradeChoices());
        Button upgrade = new Button("Upgrade now…");
        upgrade.setId("upgradeButton");
        upgrade.disableProperty().bind(up.valueProperty().isNull());
        upgrade.setOnAction(event -> viewModel.upgradeNow(up.getValue().code()));
        ComboBox<CustomersApi.PlanOption> down = plans("downgradePlan", "Downgrade to…", viewModel.downgradeChoices());
        Button downgrade = new Button("Schedule downgrade…");
        downgrade.setId("downgradeButton");
        downgrade.disableProperty().bind(down.valueProperty().isNull());
        downgrade.setOnAction(event -> viewModel.scheduleDowngrade(down.getValue().code()));
        Button withdraw = action("withdrawDowngradeButton", "Withdraw downgrade…",
                viewModel.canWithdrawDowngradeProperty(), viewModel::withdrawDowngrade);
        FlowPane pane = new FlowPane(8, 8, up, upgrade, down, downgrade, withdraw);
        pane.setAlignment(Pos.CENTER_LEFT);
        return pane;
    }

    private Node lifecycleActions() {
        Button cancel = action("cancelNowButton", "Cancel now with refund…", viewModel.canCancelNowProperty(),
                viewModel::cancelNow);
        cancel.getStyleClass().add(Styles.DANGER);
        return new FlowPane(8, 8,
                action("pauseButton", "Pause…", viewModel.canPauseProperty(), viewModel::pause),
                action("resumeButton", "Resume…", viewModel.canResumeProperty(), viewModel::resume),
                action("discontinueButton", "Discontinue at period end…", viewModel.canDiscontinueProperty(),
                        viewModel::discontinue),
                action("undoDiscontinueButton", "Undo discontinue…", viewModel.canUndoDiscontinueProperty(),
                        viewModel::undoDiscontinue),
                cancel,
                action("renewButton", "Renew (dry run)…", viewModel.canRenewProperty(), viewModel::renew));
    }

    private Node invoices() {
        TableView<CustomersApi.Invoice> table = new TableView<>(viewModel.invoices());
        table.setId("invoicesTable");
        table.setPrefHeight(170);
        table.setPlaceholder(new Label("No invoices"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(
                column("Date", i -> CustomerDetailViewModel.when(i.created())),
                column("Invoice", CustomersApi.Invoice::id),
                column("Amount", i -> Money.format(i.amount(), i.currency())),
                column("Status", CustomersApi.Invoice::status)));
        table.setRowFactory(view -> {
            TableRow<CustomersApi.Invoice> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.openInvoice(row.getItem());
                }
            });
            return row;
        });
        Button open = new Button("Open invoice page");
        open.setId("openInvoiceButton");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(event -> viewModel.openInvoice(table.getSelectionModel().getSelectedItem()));
        return new VBox(6, table, open);
    }

    private Node users() {
        TableView<CustomersApi.User> table = new TableView<>(viewModel.users());
        table.setId("customerUsersTable");
        table.setPrefHeight(140);
        table.setPlaceholder(new Label("No users"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(
                column("Username", CustomersApi.User::username),
                column("E-mail", u -> u.email() == null ? "" : u.email()),
                column("Roles", u -> String.join(", ", u.roles()))));
        return table;
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    private static ComboBox<CustomersApi.PlanOption> plans(String id, String prompt,
                                                           ObservableList<CustomersApi.PlanOption> items) {
        ComboBox<CustomersApi.PlanOption> box = new ComboBox<>(items);
        box.setId(id);
        box.setPromptText(prompt);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(CustomersApi.PlanOption plan) {
                return plan == null ? "" : plan.name() + " (" + plan.code() + ") · "
                        + Money.format(plan.amount(), plan.currency()) + "/" + plan.interval();
            }

            @Override
            public CustomersApi.PlanOption fromString(String text) {
                return null;
            }
        });
        return box;
    }

    private static Button action(String id, String text, ObservableValue<Boolean> enabled, Runnable run) {
        Button button = new Button(text);
        button.setId(id);
        button.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !Boolean.TRUE.equals(enabled.getValue()), enabled));
        button.setOnAction(event -> run.run());
        return button;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private static Label bound(Label label, String id, ObservableValue<String> text) {
        label.setId(id);
        label.textProperty().bind(text);
        return label;
    }
}
