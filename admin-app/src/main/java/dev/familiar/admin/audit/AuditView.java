package dev.familiar.admin.audit;

import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import dev.familiar.admin.screens.ScreenContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;

/**
 * The Audit log screen ({@code audit}): the FXML layout bound to its {@link AuditViewModel}. FAILURE and DENIED rows
 * carry the style class {@code audit-flagged}.
 */
public final class AuditView implements Screen {
    public static final String ID = "audit";

    private final AuditViewModel viewModel;
    private final BorderPane root;

    @FXML private TextField auditActor;
    @FXML private TextField auditAction;
    @FXML private TextField auditTenant;
    @FXML private DatePicker auditFromDate;
    @FXML private TextField auditFromTime;
    @FXML private DatePicker auditToDate;
    @FXML private TextField auditToTime;
    @FXML private Label auditProblem;
    @FXML private TableView<AuditItemViewModel> auditTable;
    @FXML private TableColumn<AuditItemViewModel, String> timeColumn;
    @FXML private TableColumn<AuditItemViewModel, String> tenantColumn;
    @FXML private TableColumn<AuditItemViewModel, String> actorColumn;
    @FXML private TableColumn<AuditItemViewModel, String> actionColumn;
    @FXML private TableColumn<AuditItemViewModel, String> targetColumn;
    @FXML private TableColumn<AuditItemViewModel, String> outcomeColumn;
    @FXML private TableColumn<AuditItemViewModel, String> requestColumn;
    @FXML private TableColumn<AuditItemViewModel, String> addressColumn;
    @FXML private Label auditSummary;
    @FXML private ProgressIndicator auditLoading;
    @FXML private Button auditLoadMore;
    @FXML private Label auditExportStatus;
    @FXML private Button auditExport;
    @FXML private Button auditCancelExport;

    public AuditView(AuditViewModel viewModel) {
        this.viewModel = viewModel;
        FXMLLoader loader = new FXMLLoader(AuditView.class.getResource("AuditView.fxml"));
        loader.setController(this);
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("AuditView.fxml is missing or broken", e);
        }
        root.getStylesheets().add(AuditView.class.getResource("AuditView.css").toExternalForm());
    }

    /** The screen as the registry builds it: the server through the session, files through the native chooser. */
    public static AuditView create(ScreenContext context) {
        AuditView[] self = new AuditView[1];
        ExportFileChooser chooser = suggested -> {
            javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
            fc.setTitle("Export the audit log");
            fc.setInitialFileName(suggested);
            fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"));
            java.io.File file = fc.showSaveDialog(self[0].root.getScene() == null ? null
                    : self[0].root.getScene().getWindow());
            return java.util.Optional.ofNullable(file).map(java.io.File::toPath);
        };
        self[0] = new AuditView(new AuditViewModel(context.session().api(c -> new ClientAuditApi(c.audit())),
                context.tasks(), context.dialogs(), chooser, Clock.systemUTC()));
        return self[0];
    }

    @FXML
    private void initialize() {
        auditActor.textProperty().bindBidirectional(viewModel.actorProperty());
        auditAction.textProperty().bindBidirectional(viewModel.actionProperty());
        auditTenant.textProperty().bindBidirectional(viewModel.tenantProperty());
        auditFromDate.valueProperty().bindBidirectional(viewModel.fromDateProperty());
        auditFromTime.textProperty().bindBidirectional(viewModel.fromTimeProperty());
        auditToDate.valueProperty().bindBidirectional(viewModel.toDateProperty());
        auditToTime.textProperty().bindBidirectional(viewModel.toTimeProperty());
        auditProblem.textProperty().bind(viewModel.problemProperty());
        auditProblem.visibleProperty().bind(viewModel.problemProperty().isNotEmpty());
        auditProblem.managedProperty().bind(auditProblem.visibleProperty());

        column(timeColumn, AuditItemViewModel::time);
        column(tenantColumn, AuditItemViewModel::tenant);
        column(actorColumn, AuditItemViewModel::actor);
        column(actionColumn, AuditItemViewModel::action);
        column(targetColumn, AuditItemViewModel::target);
        column(outcomeColumn, AuditItemViewModel::outcome);
        column(requestColumn, AuditItemViewModel::requestId);
        column(addressColumn, AuditItemViewModel::address);
        auditTable.setItems(viewModel.rows());
        auditTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(AuditItemViewModel item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("audit-flagged");
                if (!empty && item != null && item.flagged()) {
                    getStyleClass().add("audit-flagged");
                }
            }
        });

        auditSummary.textProperty().bind(viewModel.summaryProperty());
        auditLoading.visibleProperty().bind(viewModel.loadingProperty());
        auditLoadMore.disableProperty().bind(viewModel.canLoadMoreProperty().not().or(viewModel.loadingProperty()));
        auditExportStatus.textProperty().bind(viewModel.exportStatusProperty());
        auditExport.disableProperty().bind(viewModel.exportingProperty());
        auditCancelExport.visibleProperty().bind(viewModel.exportingProperty());
        auditCancelExport.managedProperty().bind(auditCancelExport.visibleProperty());
    }

    private static void column(TableColumn<AuditItemViewModel, String> column,
                               Function<AuditItemViewModel, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }

    @FXML
    private void apply() {
        viewModel.apply();
    }

    @FXML
    private void clear() {
        viewModel.clear();
    }

    @FXML
    private void loadMore() {
        viewModel.loadMore();
    }

    @FXML
    private void exportCsv() {
        viewModel.exportCsv();
    }

    @FXML
    private void cancelExport() {
        viewModel.cancelExport();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void show(Place place) {
        viewModel.load();
    }

    @Override
    public void focusSearch() {
        auditActor.requestFocus();
    }
}
