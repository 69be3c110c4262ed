package dev.familiar.admin.directory;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Directory screen: the live directory (Microsoft Entra or the local dry-run) and its reachability at the top,
 * a banner with Retry when the directory fails; the groups (search, paged, create/edit/delete) on the left; the
 * selected group's members (add from a directory search, bulk add, remove) and the group → role mappings on the
 * right. Binds to {@link DirectoryViewModel}. Control ids for tests: {@code #directoryMode}, {@code #directoryBanner},
 * {@code #groupsSearch}, {@code #groupsTable}, {@code #createGroup}, {@code #membersTable}, {@code #addMembers},
 * {@code #bulkAddMembers}, {@code #removeMember}, {@code #mappingsTable}, {@code #addMapping}, {@code #saveMappings}…
 */
public final class DirectoryView implements Screen {
    public static final String ID = "directory";

    private final DirectoryViewModel viewModel;
    private final TextField search = new TextField();
    private BorderPane view;
    private boolean syncingSelection;

    public DirectoryView(DirectoryViewModel viewModel) {
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
        search.requestFocus();
        search.selectAll();
    }

    private BorderPane build() {
        Label title = new Label("Directory");
        title.getStyleClass().add(Styles.TITLE_3);
        Label mode = new Label();
        mode.setId("directoryMode");
        mode.textProperty().bind(viewModel.modeTextProperty());
        mode.getStyleClass().addAll(Styles.TITLE_4);
        Label reachability = new Label();
        reachability.setId("directoryReachability");
        reachability.textProperty().bind(viewModel.reachabilityTextProperty());
        viewModel.reachableProperty().addListener((obs, old, up) -> styleReachability(reachability, up));
        styleReachability(reachability, viewModel.reachableProperty().get());
        HBox heading = new HBox(14, title, mode, spacer(), reachability);
        heading.setAlignment(Pos.BASELINE_LEFT);

        SplitPane right = new SplitPane(membersPane(), mappingsPane());
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.58);
        SplitPane split = new SplitPane(groupsPane(), right);
        split.setDividerPositions(0.5);

        BorderPane root = new BorderPane(split);
        root.setTop(new VBox(8, heading, banner()));
        BorderPane.setMargin(split, new Insets(10, 0, 0, 0));
        root.setPadding(new Insets(16, 20, 10, 20));
        root.setId("directoryScreen");
        root.getStylesheets().add(DirectoryView.class.getResource("DirectoryView.css").toExternalForm());
        return root;
    }

    private static void styleReachability(Label label, boolean up) {
        label.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        label.getStyleClass().add(up ? Styles.SUCCESS : Styles.DANGER);
    }

    private HBox banner() {
        DirectoryBanner banner = viewModel.banner();
        Label text = new Label();
        text.setId("directoryBannerText");
        text.setWrapText(true);
        text.textProperty().bind(banner.textProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button retry = button("directoryRetry", "Retry", banner::retry);
        Button dismiss = button("directoryBannerClose", "Dismiss", banner::clear);
        dismiss.getStyleClass().add(Styles.FLAT);
        HBox box = new HBox(10, text, retry, dismiss);
        box.setId("directoryBanner");
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("directory-banner");
        box.visibleProperty().bind(banner.showingProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ---- groups ----

    private VBox groupsPane() {
        Label heading = new Label("Groups");
        heading.getStyleClass().add(Styles.TITLE_4);
        search.setId("groupsSearch");
        search.setPromptText("Display name starts with…");
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        search.setOnAction(event -> viewModel.searchNow());
        HBox.setHgrow(search, Priority.ALWAYS);
        Button create = button("createGroup", "New group…", viewModel::createGroup);
        create.getStyleClass().add(Styles.ACCENT);
        HBox top = new HBox(8, search, create);
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<GroupItemViewModel> table = new TableView<>(viewModel.groups());
        table.setId("groupsTable");
        table.setPlaceholder(new Label("No groups"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<GroupItemViewModel, String> count = column("Members", 90, GroupItemViewModel::memberCountText);
        count.setMinWidth(85); // never "Mem…"
        count.setStyle("-fx-alignment: CENTER-RIGHT;");
        table.getColumns().setAll(List.of(
                column("Display name", 160, GroupItemViewModel::displayName),
                count,
                column("Description", 220, GroupItemViewModel::description)));
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

        Label listMessage = label("groupsListMessage", viewModel.listMessageProperty());
        Button more = button("groupsLoadMore", "Load more", viewModel::loadMore);
        more.visibleProperty().bind(viewModel.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        Button edit = groupAction("editGroup", "Edit…", viewModel::editGroup);
        Button map = groupAction("mapGroup", "Map to role…", group -> viewModel.mapSelectedGroup());
        Button delete = groupAction("deleteGroup", "Delete…", viewModel::deleteGroup);
        delete.getStyleClass().add(Styles.DANGER);
        HBox footer = new HBox(8, listMessage, spacer(), more);
        footer.setAlignment(Pos.CENTER_LEFT);
        Label message = label("groupsMessage", viewModel.messageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);
        VBox pane = new VBox(8, heading, top, table, footer, new HBox(6, edit, map, delete), message);
        pane.setPadding(new Insets(0, 10, 0, 0));
        return pane;
    }

    private Button groupAction(String id, String text, Consumer<GroupItemViewModel> action) {
        Button button = button(id, text, () -> {
            GroupItemViewModel group = viewModel.selectedProperty().get();
            if (group != null) {
                action.accept(group);
            }
        });
        button.disableProperty().bind(viewModel.selectedProperty().isNull());
        return button;
    }

    // ---- members ----

    private VBox membersPane() {
        MembersViewModel members = viewModel.members();
        Label heading = new Label();
        heading.setId("membersTitle");
        heading.getStyleClass().add(Styles.TITLE_4);
        heading.textProperty().bind(Bindings.createStringBinding(() -> members.groupProperty().get() == null
                ? "Members" : "Members of " + members.groupProperty().get().displayName(), members.groupProperty()));
        Label listMessage = label("membersListMessage", members.listMessageProperty());
        listMessage.getStyleClass().add(Styles.TEXT_SUBTLE);

        TableView<MemberItemViewModel> table = new TableView<>(members.members());
        table.setId("membersTable");
        table.setPlaceholder(new Label("No members"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Name", 150, MemberItemViewModel::displayName),
                column("E-mail", 190, MemberItemViewModel::email),
                column("Id", 120, MemberItemViewModel::id)));
        VBox.setVgrow(table, Priority.ALWAYS);

        Button add = button("addMembers", "Add…", members::addFromDirectory);
        add.getStyleClass().add(Styles.ACCENT);
        Button bulk = button("bulkAddMembers", "Bulk add…", members::bulkAdd);
        add.disableProperty().bind(members.groupProperty().isNull());
        bulk.disableProperty().bind(members.groupProperty().isNull());
        Button remove = button("removeMember", "Remove…",
                () -> members.remove(table.getSelectionModel().getSelectedItem()));
        remove.getStyleClass().add(Styles.DANGER);
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button more = button("membersLoadMore", "Load more", members::loadMore);
        more.visibleProperty().bind(members.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        HBox actions = new HBox(6, add, bulk, remove, spacer(), more);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label message = label("membersMessage", members.messageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);
        VBox pane = new VBox(6, heading, listMessage, table, actions, message);
        pane.setPadding(new Insets(0, 0, 8, 10));
        return pane;
    }

    // ---- role mappings ----

    private VBox mappingsPane() {
        RoleMappingsViewModel mappings = viewModel.mappings();
        Label heading = new Label("Groups that grant roles");
        heading.getStyleClass().add(Styles.TITLE_4);
        Label unsaved = new Label("Unsaved changes");
        unsaved.setId("mappingsUnsaved");
        unsaved.getStyleClass().add(Styles.WARNING);
        unsaved.visibleProperty().bind(mappings.dirtyProperty());
        HBox top = new HBox(10, heading, spacer(), unsaved);
        top.setAlignment(Pos.CENTER_LEFT);

        TableView<MappingItemViewModel> table = new TableView<>(mappings.rows());
        table.setId("mappingsTable");
        table.setPlaceholder(new Label("No group grants a role"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Group", 220, MappingItemViewModel::groupText),
                column("Role", 140, MappingItemViewModel::role)));
        VBox.setVgrow(table, Priority.ALWAYS);

        Button add = button("addMapping", "Map selected group…", viewModel::mapSelectedGroup);
        add.disableProperty().bind(viewModel.selectedProperty().isNull());
        Button remove = button("removeMapping", "Remove",
                () -> mappings.remove(table.getSelectionModel().getSelectedItem()));
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button revert = button("revertMappings", "Revert", mappings::revert);
        revert.disableProperty().bind(mappings.dirtyProperty().not());
        Button save = button("saveMappings", "Save", mappings::save);
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(mappings.dirtyProperty().not());
        HBox actions = new HBox(6, add, remove, spacer(), revert, save);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label message = label("mappingsMessage", mappings.messageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);
        VBox pane = new VBox(6, top, table, actions, message);
        pane.setPadding(new Insets(8, 0, 0, 10));
        return pane;
    }

    // ---- helpers ----

    private static Label label(String id, javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.textProperty().bind(text);
        return label;
    }

    static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setOnAction(event -> action.run());
        return button;
    }

    static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }

    static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
