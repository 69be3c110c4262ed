package dev.familiar.admin.catalog;

import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import java.util.Comparator;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The catalog screen: a toolbar (search, show archived, new, edit, archive, refresh), the table of plans and a status
 * line. Binds to a {@link CatalogViewModel}; double-clicking a row edits it. Ids for tests: {@code #catalogTable},
 * {@code #catalogSearch}, {@code #catalogShowArchived}, {@code #catalogNew}, {@code #catalogEdit},
 * {@code #catalogArchive}, {@code #catalogRefresh}, {@code #catalogStatus}.
 */
public final class CatalogView implements Screen {
    public static final String ID = "catalog";

    private static final PseudoClass ARCHIVED = PseudoClass.getPseudoClass("archived");

    private final CatalogViewModel viewModel;
    private BorderPane view;
    private TextField search;

    public CatalogView(CatalogViewModel viewModel) {
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
        view();
        search.requestFocus();
        search.selectAll();
    }

    private BorderPane build() {
        Label title = new Label("Catalog");
        title.getStyleClass().add("title-2");
        Label about = new Label("The plans customers can subscribe to. Archived plans take no new customers; "
                + "organisations on them keep them.");
        about.getStyleClass().add("text-muted");
        about.setWrapText(true);

        search = new TextField();
        search.setId("catalogSearch");
        search.setPromptText("Search code or name (Ctrl+F)");
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        search.setPrefColumnCount(22);

        CheckBox showArchived = new CheckBox("Show archived");
        showArchived.setId("catalogShowArchived");
        showArchived.selectedProperty().bindBidirectional(viewModel.showArchivedProperty());

        Button create = new Button("New plan…");
        create.setId("catalogNew");
        create.getStyleClass().add("accent");
        create.setOnAction(event -> viewModel.create());

        Button edit = new Button("Edit…");
        edit.setId("catalogEdit");
        edit.disableProperty().bind(viewModel.selectedProperty().isNull());
        edit.setOnAction(event -> viewModel.editSelected());

        Button archive = new Button();
        archive.setId("catalogArchive");
        archive.textProperty().bind(Bindings.createStringBinding(() -> {
            PlanItemViewModel plan = viewModel.selectedProperty().get();
            return plan != null && plan.archived() ? "Unarchive" : "Archive…";
        }, viewModel.selectedProperty()));
        archive.disableProperty().bind(viewModel.selectedProperty().isNull());
        archive.setOnAction(event -> viewModel.toggleArchiveSelected());

        Button refresh = new Button("Refresh");
        refresh.setId("catalogRefresh");
        refresh.setOnAction(event -> viewModel.refresh());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(viewModel.busyProperty());

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox toolbar = new HBox(8, search, showArchived, gap, spinner, create, edit, archive, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        TableView<PlanItemViewModel> table = table();

        Label status = new Label();
        status.setId("catalogStatus");
        status.getStyleClass().add("text-muted");
        status.textProperty().bind(viewModel.statusProperty());

        VBox top = new VBox(6, title, about, toolbar);
        top.setPadding(new Insets(0, 0, 10, 0));
        BorderPane pane = new BorderPane(table);
        pane.setTop(top);
        pane.setBottom(status);
        BorderPane.setMargin(status, new Insets(6, 0, 0, 0));
        pane.setPadding(new Insets(20, 24, 12, 24));
        pane.setId("catalogScreen");
        return pane;
    }

    private TableView<PlanItemViewModel> table() {
        TableView<PlanItemViewModel> table = new TableView<>();
        table.setId("catalogTable");
        SortedList<PlanItemViewModel> sorted = new SortedList<>(viewModel.plans());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label("No plans"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Code", PlanItemViewModel::code, 90));
        table.getColumns().add(column("Name", PlanItemViewModel::name, 120));
        TableColumn<PlanItemViewModel, PlanItemViewModel> price = new TableColumn<>("Price");
        price.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        price.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(PlanItemViewModel plan, boolean empty) {
                super.updateItem(plan, empty);
                setText(empty || plan == null ? null : plan.priceText());
            }
        });
        price.setComparator(Comparator.comparing(PlanItemViewModel::currency)
                .thenComparingLong(PlanItemViewModel::amount));
        price.setPrefWidth(100);
        table.getColumns().add(price);
        table.getColumns().add(column("Interval", PlanItemViewModel::interval, 85));
        table.getColumns().add(column("Trial", PlanItemViewModel::trialText, 70));
        TableColumn<PlanItemViewModel, Integer> tier = new TableColumn<>("Tier");
        tier.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().tier()));
        tier.setPrefWidth(50);
        table.getColumns().add(tier);
        table.getColumns().add(column("Included units", PlanItemViewModel::includedUnitsText, 160));
        table.getColumns().add(column("Stripe price", PlanItemViewModel::stripePriceText, 140));
        table.getColumns().add(column("Status", PlanItemViewModel::statusText, 80));

        table.setRowFactory(view -> {
            TableRow<PlanItemViewModel> row = new TableRow<>() {
                @Override
                protected void updateItem(PlanItemViewModel plan, boolean empty) {
                    super.updateItem(plan, empty);
                    pseudoClassStateChanged(ARCHIVED, !empty && plan != null && plan.archived());
                }
            };
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.editSelected();
                }
            });
            return row;
        });
        table.getStylesheets().add(CatalogView.class.getResource("CatalogView.css").toExternalForm());

        table.getSelectionModel().selectedItemProperty().addListener((obs, old, plan) -> {
            if (plan != null || !viewModel.plans().contains(viewModel.selectedProperty().get())) {
                viewModel.selectedProperty().set(plan);
            }
        });
        viewModel.selectedProperty().addListener((obs, old, plan) -> {
            if (plan == null) {
                table.getSelectionModel().clearSelection();
            } else if (plan != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(plan);
                table.scrollTo(plan);
            }
        });
        return table;
    }

    private static TableColumn<PlanItemViewModel, String> column(String title, Function<PlanItemViewModel, String> text,
                                                               double width) {
        TableColumn<PlanItemViewModel, String> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyStringWrapper(text.apply(row.getValue())));
        column.setPrefWidth(width);
        return column;
    }
}
