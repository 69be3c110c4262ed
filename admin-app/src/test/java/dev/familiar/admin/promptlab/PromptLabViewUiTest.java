package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Prompt Lab view, with its view model and the real dialogs, over a real embedded server (H2 in a temporary
 * folder, the echo provider: dry-run) on Monocle's headless screen. The operator types and clicks; a second client
 * reads what the server stored.
 */
class PromptLabViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FxBackgroundExecutor executor;

    @BeforeEach
    void mountTheScreen() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(),
                "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        admin.promptLab().createFunction("greeting", "says hello");
        admin.promptLab().createVersion("greeting", new PromptVersionCreate("Hello {{name}}!",
                List.of(PromptParameter.required("name", ParameterType.STRING)), PromptSettings.NONE));
        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            SessionState session = new SessionState();
            session.connected(admin, "admin (ADMIN)");
            FxDialogService dialogs = new FxDialogService(primary);
            dev.familiar.admin.promptlab.compare.CompareDialogs.register(dialogs);
            dev.familiar.admin.promptlab.deploy.DeployDialogs.register(dialogs, null);
            PromptLabView view = PromptLabView.create(new dev.familiar.admin.screens.ScreenContext(session,
                    new dev.familiar.admin.navigation.Navigator(Place.of(PromptLabView.ID), id -> true),
                    new TaskScope(executor, new ActivityMonitor()), dialogs));
            primary.setScene(new Scene((Parent) view.view(), 1280, 800));
            primary.show();
            view.show(Place.of(PromptLabView.ID, "greeting"));
        });
        await(() -> !onFx(lookup("#runIteration").queryAs(Button.class)::isDisabled));
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
        admin.close();
        server.close();
    }

    @Test
    void anIterationRunsOnTheEchoProviderAndShowsItsOutputFiguresAndHistoryRow() throws Exception {
        clickOn("#data-name").write("Ada");
        clickOn("#runIteration");

        await(() -> textOf("#runStatus").startsWith("SUCCEEDED"));
        String output = onFx(lookup("#runOutput").queryAs(TextArea.class)::getText);
        assertThat(output).contains("Hello Ada!");
        assertThat(onFx(lookup("#dryRunBadge").query()::isVisible)).as("the dry-run badge").isTrue();
        assertThat(textOf("#runFigures")).contains(" tokens · ").contains(" · ");

        await(() -> cellShowing("SUCCEEDED (dry-run)"));
        TableView<?> history = lookup("#historyTable").queryAs(TableView.class);
        assertThat(onFx(() -> history.getItems().size())).isEqualTo(1);
        assertThat(cellShowing("v1")).isTrue();

        List<IterationView> stored = admin.promptLab().iterations("greeting", null, null, 10).items();
        assertThat(stored).singleElement().satisfies(iteration -> {
            assertThat(iteration.output()).isEqualTo(output);
            assertThat(iteration.renderedPrompt()).isEqualTo("Hello Ada!");
            assertThat(iteration.dryRun()).isTrue();
        });
    }

    @Test
    void anUndeclaredPlaceholderIsFlaggedAsTypedAndTheSavedVersionShowsItsClass() throws Exception {
        clickOn("#templateEditor").push(KeyCode.CONTROL, KeyCode.END).write(" Welcome to {{place}}.");

        await(() -> textOf("#templateProblems").contains("{{place}}"));
        assertThat(onFx(lookup("#runIteration").queryAs(Button.class)::isDisabled)).as("unsaved: no run").isTrue();

        clickOn("#addParameter");
        await(() -> textOf("#templateProblems").isEmpty());
        clickOn("#saveVersion");

        await(() -> textOf("#promptLabMessage").startsWith("Saved greeting v2: "));
        assertThat(textOf("#promptLabMessage")).as("a required parameter added")
                .startsWith("Saved greeting v2: MAJOR change against v1");
        PromptVersionView v2 = admin.promptLab().version("greeting", 2);
        assertThat(v2.template()).isEqualTo("Hello {{name}}! Welcome to {{place}}.");
        assertThat(v2.parameters()).extracting(PromptParameter::name).containsExactly("name", "place");
        await(() -> !onFx(lookup("#runIteration").queryAs(Button.class)::isDisabled));
    }

    private boolean cellShowing(String text) {
        return lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).tryQuery().isPresent();
    }

    private String textOf(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(() -> labeled.getText() == null ? "" : labeled.getText());
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
