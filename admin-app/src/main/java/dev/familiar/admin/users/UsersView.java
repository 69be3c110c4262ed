package dev.familiar.admin.users;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Separator;
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
 * The Users &amp; keys screen: filters and the users table on the left (paged from the server with Load more), the
 * selected user's actions and API keys on the right. Binds to {@link UsersViewModel}; every action is the view
 * model's. Control ids for tests: {@code #usersSearch}, {@code #usersTable}, {@code #inviteUser}, {@code #toggleLock},
 * {@code #keysTable}, {@code #createKey}, {@code #revokeKey}, {@code #usersMessage}…
 */
public final class UsersView implements Screen {
    public static final String ID = "users";

    private final UsersViewModel viewModel;
    private final TextField search = new TextField();
    private BorderPane view;
    private boolean syncingSelection;

    public UsersView(UsersViewModel viewModel) {
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
        Label title = new Label("Users & keys");
        title.getStyleClass().add(Styles.TITLE_3);

        search.setId("usersSearch");
        search.setPromptText("Username or e-mail starts with…");
        search.setPrefColumnCount(18);
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        search.setOnAction(event -> viewModel.search());
        HBox.setHgrow(search, Priority.ALWAYS);
        TextField tenant = new TextField();
        tenant.setId("usersTenant");
        tenant.setPromptText("Organisation id");
        tenant.setPrefColumnCount(18);
        tenant.textProperty().bindBidirectional(viewModel.tenantFilterProperty());
        tenant.setOnAction(event -> viewModel.search());
        ComboBox<String> role = filterBox("usersRole", "All roles", UsersViewModel.ROLES);
        role.valueProperty().bindBidirectional(viewModel.roleFilterProperty());
        role.setOnAction(event -> viewModel.search());
        ComboBox<String> status = filterBox("usersStatus", "All statuses", UsersViewModel.STATUSES);
        status.valueProperty().bindBidirectional(viewModel.statusFilterProperty());
        status.setOnAction(event -> viewModel.search());
        Button find = button("usersSearchButton", "Search", viewModel::search);
        Button invite = button("inviteUser", "Invite user…", viewModel::invite);
        invite.getStyleClass().add(Styles.ACCENT);
        Button activation = button("mintActivationCode", "Activation code…", viewModel::mintActivationCode);
        HBox heading = new HBox(8, title, spacer(), invite, activation);
        heading.setAlignment(Pos.CENTER_LEFT);
        HBox filters = new HBox(8, search, tenant, role, status, find);
        filters.setAlignment(Pos.CENTER_LEFT);

        SplitPane split = new SplitPane(usersPane(), detailPane());
        split.setDividerPositions(0.56);
        VBox.setVgrow(split, Priority.ALWAYS);

        Label message = new Label();
        message.setId("usersMessage");
        message.textProperty().bind(viewModel.messageProperty());
        message.getStyleClass().add(Styles.TEXT_SUBTLE);

        BorderPane root = new BorderPane(split);
        root.setTop(new VBox(10, heading, filters));
        root.setBottom(message);
        BorderPane.setMargin(split, new Insets(10, 0, 6, 0));
        root.setPadding(new Insets(16, 20, 10, 20));
        root.setId("usersScreen");
        return root;
    }

    private VBox usersPane() {
        TableView<UserItemViewModel> table = new TableView<>(viewModel.users());
        table.setId("usersTable");
        table.setPlaceholder(new Label("No users"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Username", 200, UserItemViewModel::username),
                column("Roles", 120, UserItemViewModel::rolesText),
                column("Status", 80, UserItemViewModel::statusText),
                column("Organisation", 100, UserItemViewModel::tenantId),
                column("Created", 95, UserItemViewModel::createdText)));
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
        listMessage.setId("usersListMessage");
        listMessage.textProperty().bind(viewModel.listMessageProperty());
        Button more = button("usersLoadMore", "Load more", viewModel::loadMore);
        more.visibleProperty().bind(viewModel.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        HBox footer = new HBox(10, listMessage, spacer(), more);
        footer.setAlignment(Pos.CENTER_LEFT);
        VBox pane = new VBox(6, table, footer);
        pane.setPadding(new Insets(0, 8, 0, 0));
        return pane;
    }

    private VBox detailPane() {
        Label name = new Label();
        name.setId("selectedUser");
        name.getStyleClass().add(Styles.TITLE_4);
        name.textProperty().bind(Bindings.createStringBinding(() -> viewModel.selectedProperty().get() == null
                ? "No user selected" : viewModel.selectedProperty().get().username(), viewModel.selectedProperty()));
        Label details = new Label();
        details.setId("selectedUserDetails");
        details.setWrapText(true);
        details.getStyleClass().add(Styles.TEXT_SUBTLE);
        details.textProperty().bind(Bindings.createStringBinding(() -> {
            UserItemViewModel user = viewModel.selectedProperty().get();
            return user == null ? "Select a user in the table." : user.statusText() + " · " + user.rolesText()
                    + (user.tenantId().isEmpty() ? "" : " · organisation " + user.tenantId());
        }, viewModel.selectedProperty()));

        Button roles = userAction("changeRoles", "Roles…", viewModel::changeRoles);
        Button lock = userAction("toggleLock", "Lock…", viewModel::toggleLock);
        lock.textProperty().bind(Bindings.createStringBinding(() -> viewModel.selectedProperty().get() != null
                && viewModel.selectedProperty().get().isLocked() ? "Unlock" : "Lock…", viewModel.selectedProperty()));
        Button reset = userAction("resetPassword", "Reset password…", viewModel::resetPassword);
        Button delete = userAction("deleteUser", "Delete…", viewModel::delete);
        delete.getStyleClass().add(Styles.DANGER);
        HBox actions = new HBox(6, roles, lock, reset, delete);

        Label keysTitle = new Label("API keys");
        keysTitle.getStyleClass().add(Styles.TITLE_4);
        Label keysMessage = new Label();
        keysMessage.setId("keysMessage");
        keysMessage.getStyleClass().add(Styles.TEXT_SUBTLE);
        keysMessage.textProperty().bind(viewModel.keysMessageProperty());
        TableView<ApiKeyItemViewModel> keys = new TableView<>(viewModel.keys());
        keys.setId("keysTable");
        keys.setPlaceholder(new Label("No API keys"));
        keys.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        keys.getColumns().setAll(List.of(
                column("Name", 120, ApiKeyItemViewModel::name),
                column("Key", 95, ApiKeyItemViewModel::prefixText),
                column("Role", 55, ApiKeyItemViewModel::role),
                column("Expires", 90, ApiKeyItemViewModel::expiresText),
                column("State", 130, ApiKeyItemViewModel::stateText)));
        VBox.setVgrow(keys, Priority.ALWAYS);
        Button create = button("createKey", "New key…", viewModel::createKey);
        create.disableProperty().bind(viewModel.selectedProperty().isNull());
        Button revoke = button("revokeKey", "Revoke…",
                () -> viewModel.revokeKey(keys.getSelectionModel().getSelectedItem()));
        revoke.getStyleClass().add(Styles.DANGER);
        revoke.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            ApiKeyItemViewModel key = keys.getSelectionModel().getSelectedItem();
            return key == null || !key.isActive();
        }, keys.getSelectionModel().selectedItemProperty()));

        VBox pane = new VBox(8, name, details, actions, new Separator(), keysTitle, keysMessage, keys,
                new HBox(6, create, revoke));
        pane.setPadding(new Insets(0, 0, 0, 10));
        return pane;
    }

    private Button userAction(String id, String text, java.util.function.Consumer<UserItemViewModel> action) {
        Button button = button(id, text, () -> {
            UserItemViewModel user = viewModel.selectedProperty().get();
            if (user != null) {
                action.accept(user);
            }
        });
        button.disableProperty().bind(viewModel.selectedProperty().isNull());
        return button;
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE); // never "Inv…"
        button.setOnAction(event -> action.run());
        return button;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
        return column;
    }

    /** A filter choice whose empty value reads {@code anyText}. */
    private static ComboBox<String> filterBox(String id, String anyText, List<String> values) {
        List<String> items = new ArrayList<>();
        items.add(UsersViewModel.ANY);
        items.addAll(values);
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.getItems().setAll(items);
        box.setButtonCell(new Choice(anyText));
        box.setCellFactory(list -> new Choice(anyText));
        return box;
    }

    private static final class Choice extends ListCell<String> {
        private final String anyText;

        Choice(String anyText) {
            this.anyText = anyText;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.isEmpty() ? anyText : item);
        }
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
