package dev.familiar.admin.purchases;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Purchases screen: the filter (status or Problems, organisation, created days) at the top; the token purchase
 * sagas (failed and compensated ones stand out, paged with Load more) above the selected saga's steps (failed and
 * unknown outcomes marked). Binds to {@link PurchasesViewModel}. Control ids for tests: {@code #purchasesStatus},
 * {@code #purchasesOrg}, {@code #purchasesFrom}, {@code #purchasesTo}, {@code #purchasesSearch},
 * {@code #purchasesTable}, {@code #purchasesListMessage}, {@code #purchasesLoadMore}, {@code #purchaseStepsTable},
 * {@code #purchaseDetailTitle}…
 */
public final class PurchasesView implements Screen {
    public static final String ID = "purchases";
    static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    static final PseudoClass COMPENSATED = PseudoClass.getPseudoClass("compensated");
    static final PseudoClass UNKNOWN = PseudoClass.getPseudoClass("unknown");
    private static final String ALL = "";

    private final PurchasesViewModel viewModel;
    private final TextField org = new TextField();
    private BorderPane view;
    private boolean syncingSelection;

    public PurchasesView(PurchasesViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @Override
    public Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    @Override
    public void show(Place place) {
        viewModel.load(place);
    }

    @Override
    public void focusSearch() {
        org.requestFocus();
        org.selectAll();
    }

    private BorderPane build() {
        Label title = new Label("Purchases");
        title.getStyleClass().add(Styles.TITLE_3);
        Label subtitle = new Label("Token purchase sagas: payment hold, tokens, capture");
        subtitle.getStyleClass().add(Styles.TEXT_SUBTLE);
        HBox heading = new HBox(14, title, subtitle);
        heading.setAlignment(Pos.BASELINE_LEFT);

        SplitPane split = new SplitPane(purchasesPane(), stepsPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);

        Label problem = new Label();
        problem.setId("purchasesFilterProblem");
        problem.textProperty().bind(viewModel.filterProblemProperty());
        problem.getStyleClass().add(Styles.DANGER);
        problem.visibleProperty().bind(viewModel.filterProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        BorderPane root = new BorderPane(split);
        root.setTop(new VBox(10, heading, filters(), problem));
        BorderPane.setMargin(split, new Insets(10, 0, 0, 0));
        root.setPadding(new Insets(16, 20, 10, 20));
        root.setId("purchasesScreen");
        root.getStylesheets().add(PurchasesView.class.getResource("PurchasesView.css").toExternalForm());
        return root;
    }

    private HBox filters() {
        ComboBox<String> status = new ComboBox<>();
        status.setId("purchasesStatus");
        List<String> items = new ArrayList<>();
        items.add(ALL);
        items.addAll(PurchasesViewModel.STATUSES);
        status.getItems().setAll(items);
        status.setButtonCell(new StatusCell());
        status.setCellFactory(list -> new StatusCell());
        status.setValue(ALL);
        status.valueProperty().addListener((obs, old, now) ->
                viewModel.statusFilterProperty().set(now == null || now.isEmpty() ? null : now));
        viewModel.statusFilterProperty().addListener((obs, old, now) -> status.setValue(now == null ? ALL : now));
        status.setOnAction(event -> viewModel.search());

        org.setId("purchasesOrg");
        org.setPromptText("Organisation id");
        org.setPrefColumnCount(16);
        org.textProperty().bindBidirectional(viewModel.orgFilterProperty());
        org.setOnAction(event -> viewModel.search());

        DatePicker from = datePicker("purchasesFrom", "Created from");
        from.valueProperty().bindBidirectional(viewModel.fromDateProperty());
        DatePicker to = datePicker("purchasesTo", "to (included)");
        to.valueProperty().bindBidirectional(viewModel.toDateProperty());
        from.setOnAction(event -> viewModel.search());
        to.setOnAction(event -> viewModel.search());

        Button search = button("purchasesSearch", "Search", viewModel::search);
        Button clear = button("purchasesClear", "Clear", viewModel::clearFilter);
        clear.getStyleClass().add(Styles.FLAT);
        HBox box = new HBox(8, status, org, from, to, search, clear);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static DatePicker datePicker(String id, String prompt) {
        DatePicker picker = new DatePicker();
        picker.setId(id);
        picker.setPromptText(prompt);
        picker.setPrefWidth(165);
        return picker;
    }

    private VBox purchasesPane() {
        TableView<PurchaseItemViewModel> table = new TableView<>(viewModel.purchases());
        table.setId("purchasesTable");
        table.setPlaceholder(new Label("No purchases"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<PurchaseItemViewModel, String> tokens = fixed(column("Tokens", 90,
                PurchaseItemViewModel::tokensText));
        tokens.setStyle("-fx-alignment: CENTER-RIGHT;");
        TableColumn<PurchaseItemViewModel, String> amount = fixed(column("Amount", 100,
                PurchaseItemViewModel::amountText));
        amount.setStyle("-fx-alignment: CENTER-RIGHT;");
        table.getColumns().setAll(List.of(
                fixed(column("Created", 160, PurchaseItemViewModel::createdText)),
                column("User", 110, PurchaseItemViewModel::userId),
                column("Organisation", 110, PurchaseItemViewModel::organisation),
                fixed(column("Provider", 85, PurchaseItemViewModel::provider)),
                tokens,
                amount,
                fixed(column("Status", 85, PurchaseItemViewModel::statusText)),
                fixed(column("Compensated", 118, PurchaseItemViewModel::compensatedText)),
                column("Error", 200, PurchaseItemViewModel::error)));
        table.setRowFactory(t -> new MarkedRow<>(PurchaseItemViewModel::failed, PurchaseItemViewModel::compensated,
                p -> false));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!syncingSelection) {
                viewModel.select(item);
            }
        });
        viewModel.selectedProperty().addListener((obs, old, item) -> {
            syncingSelection = true;
            try {
                if (item == null) {
                    table.getSelectionModel().clearSelection();
                } else if (!item.equals(table.getSelectionModel().getSelectedItem())) {
                    table.getSelectionModel().select(item);
                }
            } finally {
                syncingSelection = false;
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Label listMessage = new Label();
        listMessage.setId("purchasesListMessage");
        listMessage.textProperty().bind(viewModel.listMessageProperty());
        Button more = button("purchasesLoadMore", "Load more", viewModel::loadMore);
        more.visibleProperty().bind(viewModel.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox footer = new HBox(8, listMessage, spacer, more);
        footer.setAlignment(Pos.CENTER_LEFT);
        VBox pane = new VBox(8, table, footer);
        pane.setPadding(new Insets(0, 0, 8, 0));
        return pane;
    }

    private VBox stepsPane() {
        Label heading = new Label();
        heading.setId("purchaseDetailTitle");
        heading.textProperty().bind(viewModel.detailTitleProperty());
        heading.getStyleClass().add(Styles.TITLE_4);
        Label message = new Label();
        message.setId("purchaseDetailMessage");
        message.textProperty().bind(viewModel.detailMessageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);

        TableView<PurchaseStepItemViewModel> steps = new TableView<>(viewModel.steps());
        steps.setId("purchaseStepsTable");
        steps.setPlaceholder(new Label("Select a purchase to see its steps"));
        steps.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        steps.getColumns().setAll(List.of(
                fixed(column("Time", 160, PurchaseStepItemViewModel::timeText)),
                fixed(column("Step", 160, PurchaseStepItemViewModel::stepText)),
                fixed(column("Outcome", 110, PurchaseStepItemViewModel::outcomeText)),
                column("Detail", 400, PurchaseStepItemViewModel::detail)));
        steps.setRowFactory(t -> new MarkedRow<>(PurchaseStepItemViewModel::failed, s -> false,
                PurchaseStepItemViewModel::unknown));
        VBox.setVgrow(steps, Priority.ALWAYS);
        VBox pane = new VBox(6, heading, message, steps);
        pane.setPadding(new Insets(8, 0, 0, 0));
        return pane;
    }

    /** A row marked with the pseudo-classes {@code failed}, {@code compensated} and {@code unknown}. */
    private static final class MarkedRow<T> extends TableRow<T> {
        private final Predicate<T> failed;
        private final Predicate<T> compensated;
        private final Predicate<T> unknown;

        MarkedRow(Predicate<T> failed, Predicate<T> compensated, Predicate<T> unknown) {
            this.failed = failed;
            this.compensated = compensated;
            this.unknown = unknown;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            boolean shown = !empty && item != null;
            pseudoClassStateChanged(FAILED, shown && failed.test(item));
            pseudoClassStateChanged(COMPENSATED, shown && compensated.test(item));
            pseudoClassStateChanged(UNKNOWN, shown && unknown.test(item));
        }
    }

    private static final class StatusCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.isEmpty() ? "All statuses"
                    : PurchasesViewModel.PROBLEMS.equals(item) ? "Problems (failed or compensated)"
                    : item.toLowerCase(Locale.ROOT).replace('_', ' '));
        }
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setOnAction(event -> action.run());
        return button;
    }

    /** A column never narrower than its preferred width (times, amounts and states are read whole). */
    private static <T> TableColumn<T, String> fixed(TableColumn<T, String> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }
}
