package dev.familiar.admin.webhooks;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
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
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Webhooks screen: the filter (status, type or type prefix, received days) at the top; the inbox on the left
 * (FAILED rows stand out, paged with Load more, several rows checked for Replay selected…); the selected event's
 * payload (pretty-printed, monospace, read-only and selectable) and last error on the right, with the replay results
 * (one line per event, followed until each ends) below. Binds to {@link WebhooksViewModel}. Control ids for tests:
 * {@code #webhooksStatus}, {@code #webhooksType}, {@code #webhooksFrom}, {@code #webhooksTo}, {@code #webhooksSearch},
 * {@code #webhooksTable}, {@code #webhooksLoadMore}, {@code #replaySelected}, {@code #webhookPayload},
 * {@code #webhookLastError}, {@code #replayResults}, {@code #replayMessage}, {@code #stopFollowing}…
 */
public final class WebhooksView implements Screen {
    public static final String ID = "webhooks";
    /** A FAILED event's row, and a replay that ended FAILED. */
    static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final String ALL = "";

    private final WebhooksViewModel viewModel;
    private final TextField type = new TextField();
    private BorderPane view;
    private boolean syncingSelection;

    public WebhooksView(WebhooksViewModel viewModel) {
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
    public void leave() {
        viewModel.stopFollowing();
    }

    @Override
    public void focusSearch() {
        type.requestFocus();
        type.selectAll();
    }

    private BorderPane build() {
        Label title = new Label("Webhooks");
        title.getStyleClass().add(Styles.TITLE_3);
        Label subtitle = new Label("The billing provider's events as the server received them");
        subtitle.getStyleClass().add(Styles.TEXT_SUBTLE);
        HBox heading = new HBox(14, title, subtitle);
        heading.setAlignment(Pos.BASELINE_LEFT);

        SplitPane right = new SplitPane(detailPane(), resultsPane());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.64);
        SplitPane split = new SplitPane(eventsPane(), right);
        split.setDividerPositions(0.6);

        BorderPane root = new BorderPane(split);
        root.setTop(new VBox(10, heading, filters(), filterProblem()));
        BorderPane.setMargin(split, new Insets(10, 0, 0, 0));
        root.setPadding(new Insets(16, 20, 10, 20));
        root.setId("webhooksScreen");
        root.getStylesheets().add(WebhooksView.class.getResource("WebhooksView.css").toExternalForm());
        return root;
    }

    private HBox filters() {
        ComboBox<String> status = new ComboBox<>();
        status.setId("webhooksStatus");
        List<String> items = new ArrayList<>();
        items.add(ALL);
        items.addAll(WebhooksViewModel.STATUSES);
        status.getItems().setAll(items);
        status.setButtonCell(new StatusCell());
        status.setCellFactory(list -> new StatusCell());
        status.setValue(ALL);
        status.valueProperty().addListener((obs, old, now) ->
                viewModel.statusFilterProperty().set(now == null || now.isEmpty() ? null : now));
        viewModel.statusFilterProperty().addListener((obs, old, now) -> status.setValue(now == null ? ALL : now));
        status.setOnAction(event -> viewModel.search());

        type.setId("webhooksType");
        type.setPromptText("Type, or a prefix such as invoice.*");
        type.setPrefColumnCount(20);
        type.textProperty().bindBidirectional(viewModel.typeFilterProperty());
        type.setOnAction(event -> viewModel.search());

        DatePicker from = datePicker("webhooksFrom", "Received from");
        from.valueProperty().bindBidirectional(viewModel.fromDateProperty());
        DatePicker to = datePicker("webhooksTo", "to (included)");
        to.valueProperty().bindBidirectional(viewModel.toDateProperty());
        from.setOnAction(event -> viewModel.search());
        to.setOnAction(event -> viewModel.search());

        Button search = button("webhooksSearch", "Search", viewModel::search);
        Button clear = button("webhooksClear", "Clear", viewModel::clearFilter);
        clear.getStyleClass().add(Styles.FLAT);
        HBox box = new HBox(8, status, type, from, to, search, clear);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Label filterProblem() {
        Label problem = label("webhooksFilterProblem", viewModel.filterProblemProperty());
        problem.getStyleClass().add(Styles.DANGER);
        problem.visibleProperty().bind(viewModel.filterProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        return problem;
    }

    private static DatePicker datePicker(String id, String prompt) {
        DatePicker picker = new DatePicker();
        picker.setId(id);
        picker.setPromptText(prompt);
        picker.setPrefWidth(165);
        return picker;
    }

    // ---- the inbox ----

    private VBox eventsPane() {
        TableView<WebhookEventItemViewModel> table = new TableView<>(viewModel.events());
        table.setId("webhooksTable");
        table.setPlaceholder(new Label("No events"));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<WebhookEventItemViewModel, String> attempts = fixed(column("Attempts", 80,
                WebhookEventItemViewModel::attemptsText));
        attempts.setStyle("-fx-alignment: CENTER-RIGHT;");
        table.getColumns().setAll(List.of(
                fixed(column("Received", 160, WebhookEventItemViewModel::receivedText)),
                column("Type", 200, WebhookEventItemViewModel::type),
                column("Object", 110, WebhookEventItemViewModel::objectId),
                fixed(column("Status", 75, WebhookEventItemViewModel::statusText)),
                attempts,
                column("Last error", 160, WebhookEventItemViewModel::lastError)));
        table.setRowFactory(t -> new EventRow());
        table.getSelectionModel().getSelectedItems().addListener(
                (ListChangeListener<WebhookEventItemViewModel>) change -> {
                    if (!syncingSelection) {
                        viewModel.check(List.copyOf(table.getSelectionModel().getSelectedItems()));
                    }
                });
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
                } else if (!table.getSelectionModel().getSelectedItems().contains(item)) {
                    table.getSelectionModel().select(item);
                }
            } finally {
                syncingSelection = false;
            }
            viewModel.check(List.copyOf(table.getSelectionModel().getSelectedItems()));
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Label listMessage = label("webhooksListMessage", viewModel.listMessageProperty());
        Button more = button("webhooksLoadMore", "Load more", viewModel::loadMore);
        more.visibleProperty().bind(viewModel.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        Button replay = button("replaySelected", "Replay selected\u2026", viewModel::replaySelected);
        replay.getStyleClass().add(Styles.ACCENT);
        replay.disableProperty().bind(Bindings.isEmpty(viewModel.checked()).or(viewModel.replayingProperty()));
        replay.textProperty().bind(Bindings.createStringBinding(() -> viewModel.checked().size() > 1
                ? "Replay " + viewModel.checked().size() + " selected\u2026" : "Replay selected\u2026",
                viewModel.checked()));
        Label hint = new Label("Ctrl+click or Shift+click to select several events");
        hint.getStyleClass().add(Styles.TEXT_SUBTLE);
        HBox footer = new HBox(8, listMessage, spacer(), more);
        footer.setAlignment(Pos.CENTER_LEFT);
        HBox actions = new HBox(10, replay, hint);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox pane = new VBox(8, table, footer, actions);
        pane.setPadding(new Insets(0, 10, 0, 0));
        return pane;
    }

    /** A row that stands out (pseudo-class {@code failed}) while its event is FAILED, also after a replay changed it. */
    private static final class EventRow extends TableRow<WebhookEventItemViewModel> {
        private final javafx.beans.value.ChangeListener<Object> changed = (obs, old, now) -> restyle();

        @Override
        protected void updateItem(WebhookEventItemViewModel item, boolean empty) {
            WebhookEventItemViewModel before = getItem();
            if (before != null) {
                before.eventProperty().removeListener(changed);
            }
            super.updateItem(item, empty);
            if (!empty && item != null) {
                item.eventProperty().addListener(changed);
            }
            restyle();
        }

        private void restyle() {
            WebhookEventItemViewModel item = getItem();
            pseudoClassStateChanged(FAILED, !isEmpty() && item != null && item.failed());
        }
    }

    // ---- the selected event ----

    private VBox detailPane() {
        Label heading = label("webhookDetailTitle", viewModel.detailTitleProperty());
        heading.getStyleClass().add(Styles.TITLE_4);
        heading.setWrapText(true);
        heading.setMinHeight(Region.USE_PREF_SIZE);
        Label message = label("webhookDetailMessage", viewModel.detailMessageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);
        message.setWrapText(true);

        Label error = label("webhookLastError", Bindings.createStringBinding(() ->
                viewModel.detailErrorProperty().get().isEmpty() ? "" : "Last error: "
                        + viewModel.detailErrorProperty().get(), viewModel.detailErrorProperty()));
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.getStyleClass().add("webhook-error");
        error.visibleProperty().bind(viewModel.detailErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        TextArea payload = new TextArea();
        payload.setId("webhookPayload");
        payload.setEditable(false);
        payload.setWrapText(false);
        payload.getStyleClass().add("webhook-payload");
        payload.setPromptText("Select an event to read its payload");
        payload.textProperty().bind(viewModel.payloadProperty());
        VBox.setVgrow(payload, Priority.ALWAYS);

        VBox pane = new VBox(6, heading, message, error, payload);
        pane.setPadding(new Insets(0, 0, 8, 10));
        return pane;
    }

    // ---- replay results ----

    private VBox resultsPane() {
        Label heading = new Label("Replay results");
        heading.getStyleClass().add(Styles.TITLE_4);
        Button stop = button("stopFollowing", "Stop following", viewModel::stopFollowing);
        stop.visibleProperty().bind(viewModel.followingProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        HBox top = new HBox(10, heading, spacer(), stop);
        top.setAlignment(Pos.CENTER_LEFT);

        ListView<ReplayItemViewModel> list = new ListView<>(viewModel.results());
        list.setId("replayResults");
        list.setPlaceholder(new Label("Select events and replay them: each one's result shows here"));
        list.setCellFactory(l -> new ResultCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        Label message = label("replayMessage", viewModel.replayMessageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);
        VBox pane = new VBox(6, top, list, message);
        pane.setPadding(new Insets(8, 0, 0, 10));
        return pane;
    }

    private static final class ResultCell extends ListCell<ReplayItemViewModel> {
        ResultCell() {
            setWrapText(true);
            setPrefWidth(0); // wrap to the list's width instead of scrolling sideways
        }

        @Override
        protected void updateItem(ReplayItemViewModel item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.text());
            pseudoClassStateChanged(FAILED, !empty && item != null
                    && (item.failed() || ReplayItemViewModel.UNKNOWN.equals(item.result())));
        }
    }

    private static final class StatusCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.isEmpty() ? "All statuses"
                    : WebhookEventItemViewModel.statusText(item));
        }
    }

    // ---- helpers ----

    private static Label label(String id, javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(text);
        return label;
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setOnAction(event -> action.run());
        return button;
    }

    /** A column never narrower than its preferred width (times, states and counts are read whole). */
    private static TableColumn<WebhookEventItemViewModel, String> fixed(
            TableColumn<WebhookEventItemViewModel, String> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    /** A column whose cells follow the row's event (a followed replay changes the status in place). */
    private static TableColumn<WebhookEventItemViewModel, String> column(String title, double width,
                                                                        Function<WebhookEventItemViewModel, String> text) {
        TableColumn<WebhookEventItemViewModel, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> Bindings.createStringBinding(() -> text.apply(cell.getValue()),
                cell.getValue().eventProperty()));
        return column;
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
