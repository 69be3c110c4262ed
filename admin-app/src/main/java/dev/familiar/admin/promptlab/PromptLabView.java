package dev.familiar.admin.promptlab;

import static dev.familiar.admin.promptlab.LabControls.button;
import static dev.familiar.admin.promptlab.LabControls.spacer;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.promptlab.compare.ClientCompareApi;
import dev.familiar.admin.promptlab.compare.CompareApi;
import dev.familiar.admin.promptlab.compare.CompareViewModel;
import dev.familiar.admin.promptlab.compare.VersionComparisonView;
import dev.familiar.admin.promptlab.compare.VersionComparisonViewModel;
import dev.familiar.admin.promptlab.deploy.ApprovalsView;
import dev.familiar.admin.promptlab.deploy.ApprovalsViewModel;
import dev.familiar.admin.promptlab.deploy.ClientDeployApi;
import dev.familiar.admin.promptlab.deploy.DeployApi;
import dev.familiar.admin.promptlab.deploy.DeployDialogs;
import dev.familiar.admin.screens.Screen;
import dev.familiar.admin.screens.ScreenContext;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Prompt Lab screen (Ctrl+8; the server lets ADMIN and PROMPT_ENGINEER in): the function and version pickers on
 * the left; the template editor, data and output panes side by side; the function's iteration history below; an
 * Approvals tab beside the lab. Binds to {@link PromptLabViewModel}. Ids for tests: {@code #promptLabSearch},
 * {@code #promptLabFunctions}, {@code #newFunction}, {@code #promptLabVersions}, {@code #saveVersion},
 * {@code #promptLabMessage}, {@code #compareIterations}, {@code #compareVersions}, {@code #deployVersion}, {@code #approvalsTab},
 * {@code #compareVersionsTab} (while two versions are compared), and those of
 * the panes ({@link EditorPane}, {@link DataPane}, {@link OutputPane}, {@link HistoryPane}).
 */
public final class PromptLabView implements Screen {
    public static final String ID = "prompt-lab";

    private final PromptLabViewModel viewModel;
    private final PromptLabActions actions;
    private final TextField search = new TextField();
    private final Tab approvals = new Tab("Approvals");
    private BorderPane view;
    private boolean syncing;

    public PromptLabView(PromptLabViewModel viewModel, PromptLabActions actions) {
        this.viewModel = viewModel;
        this.actions = actions;
    }

    /** The screen over the session's current client, streamed text brought to the FX thread. */
    public static PromptLabView create(ScreenContext context) {
        PromptLabViewModel lab = new PromptLabViewModel(
                context.session().api(client -> new ClientPromptLabApi(client.promptLab())), context.tasks(),
                context.dialogs(), Platform::runLater);
        return new PromptLabView(lab, actions(context, lab));
    }

    /** The compare, deploy and approvals collaborators over the session's current client. */
    public static PromptLabActions actions(ScreenContext context, PromptLabViewModel lab) {
        java.util.function.Supplier<CompareApi> compareApi =
                context.session().api(client -> new ClientCompareApi(client.promptLab()));
        java.util.function.Supplier<DeployApi> deployApi =
                context.session().api(client -> new ClientDeployApi(client.promptLab()));
        return new PromptLabActions(lab,
                new CompareViewModel(compareApi, context.tasks(), context.dialogs()),
                new VersionComparisonViewModel(compareApi, context.tasks(), context.dialogs()),
                new ApprovalsViewModel(deployApi, context.tasks(), context.dialogs(),
                        () -> ApprovalsViewModel.username(context.session().signedInAsProperty().get())),
                (function, version, status) -> DeployDialogs.request(deployApi, context.tasks(), context.dialogs(),
                        function, version, status),
                context.dialogs());
    }

    public PromptLabActions actions() {
        return actions;
    }

    public PromptLabViewModel viewModel() {
        return viewModel;
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
        view();
        viewModel.load(place);
    }

    @Override
    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    private BorderPane build() {
        Label title = new Label("Prompt Lab");
        title.getStyleClass().add(Styles.TITLE_3);
        Label message = new Label();
        message.setId("promptLabMessage");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        HBox.setHgrow(message, Priority.ALWAYS);

        Button compare = button("compareIterations", "Compare…", actions::compareSelected);
        Button compareVersions = button("compareVersions", "Compare versions…", actions::compareVersions);
        Button deploy = button("deployVersion", "Deploy…", actions::deploy);
        deploy.disableProperty().bind(viewModel.versionProperty().isNull());

        Button save = button("saveVersion", "Save as new version", viewModel::saveVersion);
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(viewModel.functionProperty().isNull());
        HBox heading = new HBox(10, title, message, spacer(), save, deploy);
        heading.setAlignment(Pos.CENTER_LEFT);

        // Each pane may be narrower than its controls (the split pane clips them) so the three always fit the
        // window and the output pane is never pushed out of sight.
        Region editor = (Region) new EditorPane(viewModel.editor()).node();
        Region data = (Region) new DataPane(viewModel.data(), viewModel::runBatch).node();
        Region output = (Region) new OutputPane(viewModel).node();
        editor.setMinWidth(240);
        data.setMinWidth(180);
        output.setMinWidth(200);
        SplitPane panes = new SplitPane(editor, data, output);
        panes.setDividerPositions(0.40, 0.65);
        HistoryPane history = new HistoryPane(viewModel.history(), new HBox(6, compare, compareVersions));
        SplitPane lab = new SplitPane(panes, history.node());
        lab.setOrientation(Orientation.VERTICAL);
        lab.setDividerPositions(0.69);

        BorderPane labContent = new BorderPane(lab);
        labContent.setLeft(pickers());
        BorderPane.setMargin(lab, new Insets(0, 0, 0, 10));
        Tab labTab = new Tab("Lab", labContent);
        labTab.setId("labTab");
        approvals.setId("approvalsTab");
        approvals.setContent(new ApprovalsView(actions.approvals()).node());
        approvals.setOnSelectionChanged(event -> {
            if (approvals.isSelected()) {
                actions.showApprovals();
            }
        });
        Tab versionsTab = new Tab("Compare versions");
        versionsTab.setId("compareVersionsTab");
        versionsTab.setContent(new VersionComparisonView(actions.versionComparison()).node());
        versionsTab.setClosable(true);
        versionsTab.setOnClosed(event -> actions.closeVersionComparison());
        TabPane tabs = new TabPane(labTab, approvals);
        actions.comparingVersionsProperty().addListener((obs, was, showing) -> {
            if (showing && !tabs.getTabs().contains(versionsTab)) {
                tabs.getTabs().add(versionsTab);
            }
            if (showing) {
                tabs.getSelectionModel().select(versionsTab);
            } else {
                tabs.getTabs().remove(versionsTab);
            }
        });
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.SELECTED_TAB);
        labTab.setClosable(false);
        approvals.setClosable(false);

        BorderPane root = new BorderPane(tabs);
        root.setTop(heading);
        BorderPane.setMargin(tabs, new Insets(8, 0, 0, 0));
        root.setPadding(new Insets(16, 20, 10, 20));
        root.setId("promptLabScreen");
        root.getStylesheets().add(PromptLabView.class.getResource("PromptLabView.css").toExternalForm());
        return root;
    }

    private VBox pickers() {
        search.setId("promptLabSearch");
        search.setPromptText("Function name starts with…");
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        search.setOnAction(event -> viewModel.search());

        ListView<FunctionItemViewModel> functions = new ListView<>(viewModel.functions());
        functions.setId("promptLabFunctions");
        functions.setPlaceholder(new Label("No functions"));
        functions.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(FunctionItemViewModel item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + "\n" + item.detailText());
            }
        });
        functions.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!syncing && item != null) {
                viewModel.selectFunction(item);
            }
        });
        viewModel.functionProperty().addListener((obs, old, item) -> sync(() -> {
            if (item == null) {
                functions.getSelectionModel().clearSelection();
            } else {
                functions.getSelectionModel().select(item);
            }
        }));
        VBox.setVgrow(functions, Priority.ALWAYS);
        Label functionsMessage = LabControls.subtle("promptLabFunctionsMessage");
        functionsMessage.textProperty().bind(viewModel.functionsMessageProperty());

        ListView<VersionItemViewModel> versions = new ListView<>(viewModel.versions());
        versions.setId("promptLabVersions");
        versions.setPlaceholder(new Label("No versions yet"));
        versions.setPrefHeight(160);
        versions.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(VersionItemViewModel item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.headline() + "\n" + item.detailText());
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item.text()));
            }
        });
        versions.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!syncing && item != null && item != viewModel.versionProperty().get()) {
                viewModel.selectVersion(item);
            }
        });
        viewModel.versionProperty().addListener((obs, old, item) -> sync(() -> {
            if (item == null) {
                versions.getSelectionModel().clearSelection();
            } else {
                versions.getSelectionModel().select(item);
            }
        }));

        Button create = button("newFunction", "New function…", viewModel::newFunction);
        VBox box = new VBox(6, search, functions, functionsMessage, create, LabControls.title("Versions"), versions);
        box.setPrefWidth(180);
        box.setMinWidth(160);
        return box;
    }

    private void sync(Runnable action) {
        syncing = true;
        try {
            action.run();
        } finally {
            syncing = false;
        }
    }
}
