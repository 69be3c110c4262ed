package dev.familiar.admin.customers;

import atlantafx.base.theme.Styles;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import java.util.function.Function;

/**
 * The customers table: search, the server's sort orders (the sort box or a click on a sortable column header), a
 * page at a time with "Load more". Double-click or Enter opens an organisation. Binds to {@link CustomersViewModel}.
 */
final class CustomersListView {
    private final CustomersViewModel viewModel;
    private final VBox root;
    private final TextField search = new TextField();

    CustomersListView(CustomersViewModel viewModel) {
        this.viewModel = viewModel;
        Label title = new Label("Customers");
        title.getStyleClass().add(Styles.TITLE_2);

        search.setId("customersSearch");
        search.setPromptText("Search by name, e-mail (with @) or organisation id  (Ctrl+F)");
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);

        ComboBox<CustomerSort> sort = new ComboBox<>();
        sort.setId("customersSort");
        sort.getItems().setAll(CustomerSort.values());
        sort.valueProperty().bindBidirectional(viewModel.sortProperty());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.setId("customersLoading");
        spinner.visibleProperty().bind(viewModel.loadingProperty());
        HBox bar = new HBox(8, search, new Label("Sort"), sort, spinner);
        bar.setAlignment(Pos.CENTER_LEFT);

        TableView<CustomerItemViewModel> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);

        Label summary = new Label();
        summary.setId("customersSummary");
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        Label problem = new Label();
        problem.setId("customersProblem");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.getStyleClass().add(Styles.DANGER);
        Button more = new Button("Load more");
        more.setId("customersLoadMore");
        more.disableProperty().bind(viewModel.canLoadMoreProperty().not().or(viewModel.loadingProperty()));
        more.setOnAction(event -> viewModel.loadMore());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox footer = new HBox(8, summary, problem, gap, more);
        footer.setAlignment(Pos.CENTER_LEFT);

        root = new VBox(10, title, bar, table, footer);
        root.setPadding(new Insets(16, 20, 16, 20));
        root.setId("customersList");
    }

    Node node() {
        return root;
    }

    void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    private TableView<CustomerItemViewModel> table() {
        TableView<CustomerItemViewModel> table = new TableView<>(viewModel.rows());
        table.setId("customersTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No customers"));
        TableColumn<CustomerItemViewModel, String> name = text("Organisation", CustomerItemViewModel::name, 190);
        TableColumn<CustomerItemViewModel, String> plan = text("Plan", CustomerItemViewModel::plan, 90);
        TableColumn<CustomerItemViewModel, String> status = text("Status", CustomerItemViewModel::status, 90);
        TableColumn<CustomerItemViewModel, CustomerItemViewModel> usage = new TableColumn<>("Usage");
        usage.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        usage.setCellFactory(column -> new UsageCell());
        usage.setPrefWidth(220);
        usage.setSortable(false);
        TableColumn<CustomerItemViewModel, String> owner = text("Owner", CustomerItemViewModel::owner, 190);
        owner.setSortable(false);
        TableColumn<CustomerItemViewModel, String> periodEnd = text("Period ends", CustomerItemViewModel::periodEnd, 100);
        periodEnd.setSortable(false);
        TableColumn<CustomerItemViewModel, String> created = text("Created", CustomerItemViewModel::created, 100);
        table.getColumns().setAll(java.util.List.of(name, plan, status, usage, owner, periodEnd, created));

        // Rows come sorted from the server: a header click picks the server's order instead of sorting the page.
        Map<TableColumn<?, ?>, CustomerSort[]> orders = Map.of(
                name, new CustomerSort[] {CustomerSort.NAME, CustomerSort.NAME_DESC},
                created, new CustomerSort[] {CustomerSort.CREATED, CustomerSort.CREATED_DESC},
                plan, new CustomerSort[] {CustomerSort.PLAN, CustomerSort.PLAN},
                status, new CustomerSort[] {CustomerSort.STATUS, CustomerSort.STATUS});
        table.setSortPolicy(t -> {
            if (!t.getSortOrder().isEmpty()) {
                TableColumn<CustomerItemViewModel, ?> column = t.getSortOrder().get(0);
                CustomerSort[] pair = orders.get(column);
                if (pair != null) {
                    viewModel.sortProperty().set(column.getSortType() == TableColumn.SortType.ASCENDING
                            ? pair[0] : pair[1]);
                }
            }
            return true;
        });

        table.setRowFactory(view -> {
            TableRow<CustomerItemViewModel> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.open(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER) {
                viewModel.open(table.getSelectionModel().getSelectedItem());
            }
        });
        return table;
    }

    private static TableColumn<CustomerItemViewModel, String> text(String title,
                                                                   Function<CustomerItemViewModel, String> value,
                                                                   double width) {
        TableColumn<CustomerItemViewModel, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    /** Used of included as a bar with the numbers beside it. */
    private static final class UsageCell extends TableCell<CustomerItemViewModel, CustomerItemViewModel> {
        private final ProgressBar bar = new ProgressBar();
        private final Label text = new Label();
        private final HBox box = new HBox(6, bar, text);

        UsageCell() {
            bar.setPrefWidth(50);
            bar.setMinWidth(50);
            text.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            box.setAlignment(Pos.CENTER_LEFT);
            StackPane.setAlignment(box, Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(CustomerItemViewModel item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
            } else {
                bar.setProgress(item.usageFraction());
                text.setText(item.usage());
                setGraphic(box);
            }
        }
    }
}
