package dev.familiar.admin.usage;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TableCell;
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
 * The Usage screen: the filter bar (period with presets, organisation picker with search, provider), four charts
 * (token attempts allowed vs denied, allowed tokens per provider with anomalous days marked, product vs R&D, metered
 * usage per metric) and three tables (anomalies, top users, cost allocation with its own export). The layout is
 * {@code UsageView.fxml}; charts and tables are built here from {@link UsageViewModel}'s plain series and rows.
 * Control ids for tests: {@code #usageFrom}, {@code #usageTo}, {@code #usagePreset7|30|90}, {@code #usageOrgSearch},
 * {@code #usageOrganisation}, {@code #usageProvider}, {@code #usageRefresh}, {@code #usageCancel},
 * {@code #usageExport} (its items {@code #usageExport-<panel file stem>}), {@code #usageExportCost},
 * {@code #allowedDeniedChart}, {@code #providersChart}, {@code #purposesChart}, {@code #meteredChart},
 * {@code #anomaliesTable}, {@code #topUsersTable}, {@code #costTable}, {@code #usageSummary}, {@code #usageMessage}.
 */
public final class UsageView implements Screen {
    public static final String ID = "usage";
    /** The style class of an anomalous day's symbol on the per-provider chart. */
    public static final String ANOMALY_STYLE = "usage-anomaly";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
    private static final PseudoClass TOTAL = PseudoClass.getPseudoClass("total");
    private static final PseudoClass RND = PseudoClass.getPseudoClass("rnd");

    private final UsageViewModel viewModel;
    private BorderPane view;

    @FXML private BorderPane root;
    @FXML private Label title;
    @FXML private Label period;
    @FXML private Label message;
    @FXML private DatePicker from;
    @FXML private DatePicker to;
    @FXML private Button preset7;
    @FXML private Button preset30;
    @FXML private Button preset90;
    @FXML private TextField organisationSearch;
    @FXML private ComboBox<OrganisationChoice> organisation;
    @FXML private ComboBox<String> provider;
    @FXML private ProgressIndicator spinner;
    @FXML private Button cancel;
    @FXML private Button refresh;
    @FXML private MenuButton export;
    @FXML private Label rangeProblem;
    @FXML private Label summary;
    @FXML private VBox allowedDeniedPane;
    @FXML private VBox providersPane;
    @FXML private VBox purposesPane;
    @FXML private VBox meteredPane;
    @FXML private Tab anomaliesTab;
    @FXML private Tab topUsersTab;
    @FXML private Tab costTab;

    public UsageView(UsageViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @Override
    public Node view() {
        if (view == null) {
            FXMLLoader loader = new FXMLLoader(UsageView.class.getResource("UsageView.fxml"));
            loader.setController(this);
            try {
                view = loader.load();
            } catch (IOException e) {
                throw new UncheckedIOException("UsageView.fxml is missing or broken", e);
            }
            view.getStylesheets().add(UsageView.class.getResource("UsageView.css").toExternalForm());
        }
        return view;
    }

    @Override
    public void show(Place place) {
        viewModel.load(place);
    }

    @Override
    public void leave() {
        viewModel.cancelLoad();
    }

    @Override
    public void focusSearch() {
        organisationSearch.requestFocus();
        organisationSearch.selectAll();
    }

    @FXML
    private void initialize() {
        title.getStyleClass().add(Styles.TITLE_3);
        period.getStyleClass().add(Styles.TEXT_SUBTLE);
        period.textProperty().bind(viewModel.shownPeriodProperty());
        message.textProperty().bind(viewModel.messageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);
        from.valueProperty().bindBidirectional(viewModel.fromProperty());
        to.valueProperty().bindBidirectional(viewModel.toProperty());
        preset7.setOnAction(e -> viewModel.applyPreset(7));
        preset30.setOnAction(e -> viewModel.applyPreset(30));
        preset90.setOnAction(e -> viewModel.applyPreset(90));
        for (Button preset : List.of(preset7, preset30, preset90)) {
            preset.getStyleClass().add(Styles.SMALL);
        }
        organisationSearch.textProperty().bindBidirectional(viewModel.organisationSearchProperty());
        organisationSearch.setOnAction(e -> viewModel.searchOrganisations());
        organisation.setItems(viewModel.organisations());
        organisation.setValue(viewModel.organisationProperty().get());
        organisation.valueProperty().addListener((obs, old, now) -> {
            if (now != null && !now.equals(viewModel.organisationProperty().get())) {
                viewModel.organisationProperty().set(now);
            }
        });
        viewModel.organisationProperty().addListener((obs, old, now) -> organisation.setValue(now));
        // New items may clear a combo box's value: show the one in force again.
        viewModel.organisations().addListener((javafx.collections.ListChangeListener<OrganisationChoice>) change ->
                organisation.setValue(viewModel.organisationProperty().get()));
        provider.setItems(viewModel.providers());
        provider.setValue(viewModel.providerProperty().get());
        provider.valueProperty().addListener((obs, old, now) -> {
            if (now != null && !now.equals(viewModel.providerProperty().get())) {
                viewModel.providerProperty().set(now);
            }
        });
        viewModel.providerProperty().addListener((obs, old, now) -> provider.setValue(now));
        viewModel.providers().addListener((javafx.collections.ListChangeListener<String>) change ->
                provider.setValue(viewModel.providerProperty().get()));

        spinner.visibleProperty().bind(viewModel.loadingProperty());
        cancel.visibleProperty().bind(viewModel.loadingProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> viewModel.cancelLoad());
        refresh.setOnAction(e -> viewModel.reload());
        refresh.disableProperty().bind(viewModel.rangeValidProperty().not());
        for (UsagePanel panel : UsagePanel.values()) {
            MenuItem item = new MenuItem(panel.title() + "…");
            item.setId("usageExport-" + panel.fileStem());
            item.setOnAction(e -> viewModel.export(panel));
            export.getItems().add(item);
        }
        rangeProblem.textProperty().bind(viewModel.rangeProblemProperty());
        rangeProblem.getStyleClass().add("usage-error");
        rangeProblem.visibleProperty().bind(viewModel.rangeProblemProperty().isNotEmpty());
        rangeProblem.managedProperty().bind(rangeProblem.visibleProperty());
        summary.textProperty().bind(viewModel.summaryProperty());

        chartPane(allowedDeniedPane, "Token attempts per day: allowed vs denied", viewModel.tokensErrorProperty(),
                stackedChart("allowedDeniedChart", "attempts", viewModel.allowedDeniedProperty()));
        chartPane(providersPane, "Allowed tokens per day per provider (anomalies marked)",
                viewModel.tokensErrorProperty(), lineChart("providersChart", "tokens", viewModel.perProviderProperty()));
        chartPane(purposesPane, "Allowed tokens per day: product vs R&D", viewModel.tokensErrorProperty(),
                stackedChart("purposesChart", "tokens", viewModel.productRndProperty()));
        chartPane(meteredPane, "Metered usage per day per metric", viewModel.usageErrorProperty(),
                lineChart("meteredChart", "units", viewModel.meteredProperty()));

        anomaliesTab.setContent(tablePane(viewModel.anomaliesErrorProperty(), anomaliesTable()));
        topUsersTab.setContent(tablePane(viewModel.topUsersErrorProperty(), topUsersTable()));
        Button exportCost = new Button("Export cost CSV…");
        exportCost.setId("usageExportCost");
        exportCost.setOnAction(e -> viewModel.export(UsagePanel.COST));
        VBox costPane = tablePane(viewModel.costErrorProperty(), costTable());
        HBox costBar = new HBox(8, new Label("Allowed product tokens × the provider's price; R&D kept apart."),
                spacer(), exportCost);
        costBar.setAlignment(Pos.CENTER_LEFT);
        costPane.getChildren().add(0, costBar);
        costTab.setContent(costPane);
    }

    // ---- charts ----

    private static void chartPane(VBox pane, String heading, ReadOnlyStringProperty error, XYChart<String, Number> chart) {
        Label label = new Label(heading);
        label.getStyleClass().add("usage-chart-title");
        Label problem = errorLabel(error);
        VBox.setVgrow(chart, Priority.ALWAYS);
        pane.setSpacing(2);
        pane.getChildren().setAll(label, problem, chart);
    }

    private static StackedBarChart<String, Number> stackedChart(String id, String unit,
                                                                ReadOnlyObjectProperty<List<ChartSeries>> series) {
        StackedBarChart<String, Number> chart = new StackedBarChart<>(dayAxis(), valueAxis(unit));
        chart.setCategoryGap(2);
        configure(chart, id);
        series.addListener((obs, old, now) -> fill(chart, now));
        fill(chart, series.get());
        return chart;
    }

    private static LineChart<String, Number> lineChart(String id, String unit,
                                                       ReadOnlyObjectProperty<List<ChartSeries>> series) {
        LineChart<String, Number> chart = new LineChart<>(dayAxis(), valueAxis(unit));
        chart.setCreateSymbols(true);
        configure(chart, id);
        series.addListener((obs, old, now) -> fill(chart, now));
        fill(chart, series.get());
        return chart;
    }

    private static void configure(XYChart<String, Number> chart, String id) {
        chart.setId(id);
        chart.setAnimated(false); // series are replaced as a whole on every load
        chart.setLegendVisible(true);
        chart.setLegendSide(javafx.geometry.Side.RIGHT); // the day labels take the bottom
        chart.setMinHeight(140);
        chart.setPrefHeight(220);
    }

    private static CategoryAxis dayAxis() {
        CategoryAxis axis = new CategoryAxis();
        axis.setAnimated(false);
        return axis;
    }

    private static NumberAxis valueAxis(String unit) {
        NumberAxis axis = new NumberAxis();
        axis.setLabel(unit);
        axis.setAnimated(false);
        axis.setForceZeroInRange(true);
        return axis;
    }

    /** Replaces the chart's series; an anomalous point's symbol gets {@link #ANOMALY_STYLE}. */
    private static void fill(XYChart<String, Number> chart, List<ChartSeries> series) {
        List<XYChart.Series<String, Number>> mapped = series.stream().map(s -> {
            XYChart.Series<String, Number> out = new XYChart.Series<>();
            out.setName(s.name());
            for (ChartPoint point : s.points()) {
                XYChart.Data<String, Number> data = new XYChart.Data<>(point.day().format(DAY), point.value());
                if (point.anomalous()) {
                    data.nodeProperty().addListener((obs, old, node) -> mark(node));
                }
                out.getData().add(data);
            }
            return out;
        }).toList();
        if (chart.getXAxis() instanceof CategoryAxis axis && !series.isEmpty()) {
            axis.getCategories().setAll(series.get(0).points().stream().map(p -> p.day().format(DAY)).toList());
        }
        chart.getData().setAll(mapped);
        for (int i = 0; i < series.size(); i++) {
            List<ChartPoint> points = series.get(i).points();
            for (int j = 0; j < points.size(); j++) {
                if (points.get(j).anomalous()) {
                    mark(mapped.get(i).getData().get(j).getNode());
                }
            }
        }
    }

    private static void mark(Node node) {
        if (node != null && !node.getStyleClass().contains(ANOMALY_STYLE)) {
            node.getStyleClass().add(ANOMALY_STYLE);
        }
    }

    // ---- tables ----

    private static VBox tablePane(ReadOnlyStringProperty error, TableView<?> table) {
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox pane = new VBox(6, errorLabel(error), table);
        pane.setStyle("-fx-padding: 6 0 0 0;");
        return pane;
    }

    private TableView<AnomalyItemViewModel> anomaliesTable() {
        TableView<AnomalyItemViewModel> table = table("anomaliesTable", "No anomalies in this period",
                viewModel.anomalies());
        table.getColumns().setAll(List.of(
                column("Day", 100, a -> a.day().toString()),
                column("Organisation", 200, AnomalyItemViewModel::organisation),
                column("Provider", 120, AnomalyItemViewModel::provider),
                number("Tokens", 110, a -> count(a.tokens())),
                number("Baseline (mean)", 130, a -> decimal(a.baseline())),
                number("× baseline", 100, a -> decimal(a.ratio()))));
        return table;
    }

    private TableView<TopUserItemViewModel> topUsersTable() {
        TableView<TopUserItemViewModel> table = table("topUsersTable", "No token use in this period",
                viewModel.topUsers());
        table.getColumns().setAll(List.of(
                number("#", 40, u -> Integer.toString(u.rank())),
                column("User", 200, TopUserItemViewModel::username),
                column("Organisation", 200, TopUserItemViewModel::organisation),
                number("Allowed tokens", 130, u -> count(u.allowedTokens())),
                number("Attempts", 100, u -> count(u.events())),
                number("Denied", 100, u -> count(u.deniedEvents()))));
        return table;
    }

    private TableView<CostItemViewModel> costTable() {
        TableView<CostItemViewModel> table = table("costTable", "No allowed tokens in this period", viewModel.cost());
        table.getColumns().setAll(List.of(
                column("Organisation", 220, CostItemViewModel::organisation),
                column("Provider", 120, c -> c.provider() == null ? "" : c.provider()),
                number("Tokens", 120, c -> count(c.tokens())),
                number("Price per token", 140, c -> decimal(c.pricePerToken())),
                number("Cost", 120, c -> c.cost() == null ? "" : decimal(c.cost()) + " "
                        + (c.currency() == null ? "" : c.currency().toUpperCase(Locale.ROOT)))));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(CostItemViewModel item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(TOTAL, !empty && item != null && item.kind() == CostItemViewModel.Kind.TOTAL);
                pseudoClassStateChanged(RND, !empty && item != null && item.kind() == CostItemViewModel.Kind.RND);
            }
        });
        return table;
    }

    private static <T> TableView<T> table(String id, String placeholder, javafx.collections.ObservableList<T> items) {
        TableView<T> table = new TableView<>(items);
        table.setId(id);
        table.setPlaceholder(new Label(placeholder));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    private static <T> TableColumn<T, String> column(String heading, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(heading);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }

    private static <T> TableColumn<T, String> number(String heading, double width, Function<T, String> value) {
        TableColumn<T, String> column = column(heading, width, value);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        return column;
    }

    private static String count(long value) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(value);
    }

    /** "7,000", "5.14", "0.000002": grouped, trailing zeros dropped, at most 8 decimals. */
    private static String decimal(BigDecimal value) {
        if (value == null) {
            return "";
        }
        java.text.DecimalFormat format = new java.text.DecimalFormat("#,##0.########",
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(value);
    }

    private static Label errorLabel(ReadOnlyStringProperty error) {
        Label label = new Label();
        label.textProperty().bind(error);
        label.setWrapText(true);
        label.getStyleClass().add("usage-error");
        label.visibleProperty().bind(error.isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
