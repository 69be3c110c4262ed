package dev.familiar.admin.limits;

import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/**
 * The Quotas and limits screen: three tabs — Tiers, Tenant rate limits, Organisation quotas — laid out in
 * {@code LimitsView.fxml} (this class is its controller: it adds the columns and binds to {@link LimitsViewModel});
 * how soon a change reaches every server at the top. A tenant admin sees only the Tenant rate limits tab. Control ids
 * for tests: {@code #tiersTable}, {@code #addTier}, {@code #editTier}, {@code #makeDefaultTier},
 * {@code #tenantLimitsTable}, {@code #tenantBounds}, {@code #addTenantLimit}, {@code #editTenantLimit},
 * {@code #removeTenantLimit}, {@code #orgQuotasTable}, {@code #quotaProvider}, {@code #editOrgQuota},
 * {@code #orgQuotasLoadMore}, {@code #limitsRefresh}, {@code #limitsMessage}.
 */
public final class LimitsView implements Screen {
    public static final String ID = "limits";
    static final PseudoClass EXHAUSTED = PseudoClass.getPseudoClass("exhausted");
    private static final PseudoClass DEFAULT_TIER = PseudoClass.getPseudoClass("default-tier");

    private final LimitsViewModel viewModel;
    private Parent view;

    @FXML private Label limitsRefresh;
    @FXML private Label limitsMessage;
    @FXML private TabPane limitsTabs;
    @FXML private Tab tiersTab;
    @FXML private Tab tenantLimitsTab;
    @FXML private Tab orgQuotasTab;
    @FXML private TableView<TierItemViewModel> tiersTable;
    @FXML private Button addTier;
    @FXML private Button editTier;
    @FXML private Button makeDefaultTier;
    @FXML private Label tiersMessage;
    @FXML private Label tenantBounds;
    @FXML private TableView<TenantLimitItemViewModel> tenantLimitsTable;
    @FXML private Button addTenantLimit;
    @FXML private Button editTenantLimit;
    @FXML private Button removeTenantLimit;
    @FXML private Label tenantLimitsMessage;
    @FXML private TextField quotaProvider;
    @FXML private TableView<OrgQuotaItemViewModel> orgQuotasTable;
    @FXML private Button editOrgQuota;
    @FXML private Button orgQuotasLoadMore;
    @FXML private Label orgQuotasMessage;

    public LimitsView(LimitsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @Override
    public Node view() {
        if (view == null) {
            FXMLLoader loader = new FXMLLoader(LimitsView.class.getResource("LimitsView.fxml"));
            loader.setController(this);
            try {
                view = loader.load();
            } catch (IOException e) {
                throw new UncheckedIOException("LimitsView.fxml is missing or broken", e);
            }
            view.getStylesheets().add(LimitsView.class.getResource("LimitsView.css").toExternalForm());
        }
        return view;
    }

    @Override
    public void show(Place place) {
        viewModel.load(place);
    }

    @Override
    public void focusSearch() {
        if (orgQuotasTab.getTabPane() != null) {
            limitsTabs.getSelectionModel().select(orgQuotasTab);
            quotaProvider.requestFocus();
        }
    }

    @FXML
    private void initialize() {
        limitsRefresh.textProperty().bind(viewModel.refreshTextProperty());
        limitsMessage.textProperty().bind(viewModel.messageProperty());
        limitsMessage.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        limitsMessage.managedProperty().bind(limitsMessage.visibleProperty());
        tiers();
        tenantLimits();
        orgQuotas();
        showTabs(viewModel.adminProperty().get());
        viewModel.adminProperty().addListener((obs, old, admin) -> showTabs(admin));
        selectTab(viewModel.tabProperty().get());
        viewModel.tabProperty().addListener((obs, old, tab) -> selectTab(tab));
        limitsTabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> {
            if (tab == tiersTab) {
                viewModel.tabProperty().set(LimitsViewModel.TIERS);
            } else if (tab == tenantLimitsTab) {
                viewModel.tabProperty().set(LimitsViewModel.TENANTS);
            } else if (tab == orgQuotasTab) {
                viewModel.tabProperty().set(LimitsViewModel.QUOTAS);
            }
        });
    }

    /** An administrator sees the three tabs; a tenant admin only the tenant rate limits. */
    private void showTabs(boolean admin) {
        List<Tab> tabs = admin ? List.of(tiersTab, tenantLimitsTab, orgQuotasTab) : List.of(tenantLimitsTab);
        if (!limitsTabs.getTabs().equals(tabs)) {
            limitsTabs.getTabs().setAll(tabs);
        }
        addTenantLimit.setVisible(admin);
        addTenantLimit.setManaged(admin);
        selectTab(viewModel.tabProperty().get());
    }

    private void selectTab(String tab) {
        Tab wanted = switch (tab == null ? "" : tab) {
            case LimitsViewModel.TENANTS -> tenantLimitsTab;
            case LimitsViewModel.QUOTAS -> orgQuotasTab;
            default -> tiersTab;
        };
        if (limitsTabs.getTabs().contains(wanted)) {
            limitsTabs.getSelectionModel().select(wanted);
        }
    }

    private void tiers() {
        TiersViewModel tiers = viewModel.tiers();
        tiersTable.setItems(tiers.tiers());
        tiersTable.setPlaceholder(new Label("No tiers"));
        tiersTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tiersTable.getColumns().setAll(List.of(
                column("Name", 170, TierItemViewModel::nameText),
                right(column("Priority", 80, TierItemViewModel::priorityText)),
                right(column("Quota per window", 150, TierItemViewModel::quotaText)),
                right(column("Capacity \u00d7", 100, TierItemViewModel::capacityText)),
                right(column("Leak \u00d7", 90, TierItemViewModel::leakText)),
                right(column("Users", 90, TierItemViewModel::usersText))));
        doubleClick(tiersTable, tiers::edit);
        highlight(tiersTable, DEFAULT_TIER, TierItemViewModel::isDefault);
        addTier.setOnAction(event -> tiers.add());
        onSelected(editTier, tiersTable, tiers::edit);
        onSelected(makeDefaultTier, tiersTable, tiers::makeDefault);
        makeDefaultTier.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            TierItemViewModel selected = tiersTable.getSelectionModel().getSelectedItem();
            return selected == null || selected.isDefault();
        }, tiersTable.getSelectionModel().selectedItemProperty()));
        tiersMessage.textProperty().bind(tiers.listMessageProperty());
    }

    private void tenantLimits() {
        TenantLimitsViewModel limits = viewModel.tenantLimits();
        tenantLimitsTable.setItems(limits.limits());
        tenantLimitsTable.setPlaceholder(new Label("Every tenant is on the platform defaults"));
        tenantLimitsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tenantLimitsTable.getColumns().setAll(List.of(
                column("Tenant", 170, TenantLimitItemViewModel::tenantText),
                right(column("Capacity", 110, TenantLimitItemViewModel::capacityText)),
                right(column("Window s", 90, TenantLimitItemViewModel::windowText)),
                right(column("Leak/s", 90, TenantLimitItemViewModel::leakText)),
                column("Limit", 80, TenantLimitItemViewModel::kindText),
                column("Updated by, at", 260, TenantLimitItemViewModel::updatedText)));
        doubleClick(tenantLimitsTable, limits::edit);
        tenantBounds.textProperty().bind(limits.boundsTextProperty());
        addTenantLimit.setOnAction(event -> limits.add());
        onSelected(editTenantLimit, tenantLimitsTable, limits::edit);
        onSelected(removeTenantLimit, tenantLimitsTable, limits::remove);
        removeTenantLimit.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            TenantLimitItemViewModel selected = tenantLimitsTable.getSelectionModel().getSelectedItem();
            return selected == null || !selected.limit().custom();
        }, tenantLimitsTable.getSelectionModel().selectedItemProperty()));
        tenantLimitsMessage.textProperty().bind(limits.listMessageProperty());
    }

    private void orgQuotas() {
        OrgQuotasViewModel quotas = viewModel.orgQuotas();
        orgQuotasTable.setItems(quotas.quotas());
        orgQuotasTable.setPlaceholder(new Label("No organisation quotas"));
        orgQuotasTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        orgQuotasTable.getColumns().setAll(List.of(
                column("Organisation", 190, OrgQuotaItemViewModel::orgText),
                column("Provider", 110, OrgQuotaItemViewModel::provider),
                right(column("Total", 120, OrgQuotaItemViewModel::totalText)),
                right(column("Used", 140, OrgQuotaItemViewModel::usedText)),
                column("Window", 260, OrgQuotaItemViewModel::windowText)));
        doubleClick(orgQuotasTable, quotas::edit);
        highlight(orgQuotasTable, EXHAUSTED, OrgQuotaItemViewModel::exhausted);
        quotaProvider.textProperty().bindBidirectional(quotas.providerProperty());
        quotaProvider.setOnAction(event -> quotas.load());
        onSelected(editOrgQuota, orgQuotasTable, quotas::edit);
        orgQuotasLoadMore.setOnAction(event -> quotas.loadMore());
        orgQuotasLoadMore.visibleProperty().bind(quotas.hasMoreProperty());
        orgQuotasLoadMore.managedProperty().bind(orgQuotasLoadMore.visibleProperty());
        orgQuotasMessage.textProperty().bind(quotas.listMessageProperty());
    }

    // ---- helpers ----

    private static <T> void onSelected(Button button, TableView<T> table, Consumer<T> action) {
        button.setOnAction(event -> {
            T selected = table.getSelectionModel().getSelectedItem();
            if (selected != null) {
                action.accept(selected);
            }
        });
        if (!button.disableProperty().isBound()) {
            button.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        }
    }

    private static <T> void doubleClick(TableView<T> table, Consumer<T> action) {
        table.setRowFactory(t -> {
            TableRow<T> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getClickCount() == 2 && !row.isEmpty()) {
                    action.accept(row.getItem());
                }
            });
            return row;
        });
    }

    /** Marks the rows for which {@code test} holds with {@code pseudoClass} (keeps the double-click factory). */
    private static <T> void highlight(TableView<T> table, PseudoClass pseudoClass, Predicate<T> test) {
        var factory = table.getRowFactory();
        table.setRowFactory(t -> {
            TableRow<T> row = factory == null ? new TableRow<>() : factory.call(t);
            row.itemProperty().addListener((obs, old, item) ->
                    row.pseudoClassStateChanged(pseudoClass, item != null && test.test(item)));
            return row;
        });
    }

    static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }

    private static <T> TableColumn<T, String> right(TableColumn<T, String> column) {
        column.setStyle("-fx-alignment: CENTER-RIGHT;");
        return column;
    }
}
