package dev.familiar.admin.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryUser;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Directory view and dialogs over the fake port, for what a real local directory cannot be made to do on
 * demand: a 503 while Graph throttles (the banner, its retry-after and Retry) and a bulk add whose lines fail.
 */
class DirectoryDialogsUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 30;

    private final FakeDirectoryApi api = new FakeDirectoryApi();
    private FxBackgroundExecutor executor;
    private DirectoryGroup engineers;
    private DirectoryUser ana;

    @BeforeEach
    void mountTheScreen() throws Exception {
        engineers = api.group("Prompt Engineers", "Run the lab");
        api.group("Billing Admins", null);
        ana = api.person("Ana Ops", "ana@example.com");
        api.person("Ben Gm", "ben@example.com");
        api.addMember(engineers.id(), ana.id());
        api.failNext("status", FakeDirectoryApi.throttled(42)); // not whichever call of the screen's comes first

        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            FxDialogService dialogs = new FxDialogService(primary);
            DirectoryDialogs.register(dialogs);
            DirectoryView view = new DirectoryView(new DirectoryViewModel(() -> api,
                    new TaskScope(executor, new ActivityMonitor()), dialogs,
                    () -> new FxDebouncer(FxDebouncer.SEARCH_QUIET)));
            primary.setScene(new Scene((Parent) view.view(), 1280, 760));
            primary.show();
            view.show(Place.of(DirectoryView.ID));
        });
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
    }

    @Test
    void aThrottledDirectoryShowsABannerWithItsRetryAfterAndRetryReloads() throws Exception {
        await(() -> visible("#directoryBanner"));
        assertThat(textOf("#directoryBannerText")).contains("HTTP 503").contains("retry after 42 seconds");
        awaitText("#groupsListMessage", "2 groups");

        clickOn("#directoryRetry");

        await(() -> !visible("#directoryBanner"));
        awaitText("#directoryMode", DirectoryViewModel.LOCAL_TEXT);
    }

    @Test
    void aPastedListShowsAResultPerLineAndTheCounts() throws Exception {
        clickOn(cell("Prompt Engineers"));
        awaitText("#membersListMessage", "Prompt Engineers: 1 member");
        clickOn("#bulkAddMembers");
        await(() -> visible("#bulkAddDialog"));
        clickOn("#bulkText").write("ben@example.com\n\nnobody@example.com\n" + ana.id());
        clickOn("#bulkSend");

        awaitText("#bulkCounts", "1 added \u00b7 1 already a member \u00b7 1 failed");
        List<String> rows = onFx(() -> {
            @SuppressWarnings("unchecked")
            TableView<AddResultItemViewModel> table = (TableView<AddResultItemViewModel>) lookup("#bulkResults").query();
            return table.getItems().stream().map(r -> r.line() + " " + r.input() + " " + r.status()).toList();
        });
        assertThat(rows).containsExactly("1 ben@example.com ADDED", "3 nobody@example.com NOT_FOUND",
                "4 " + ana.id() + " ALREADY_MEMBER");
        clickOn("#bulkClose");

        awaitText("#membersListMessage", "Prompt Engineers: 2 members");
        assertThat(api.calls()).contains("add " + engineers.id() + " [" + ana.id()
                + "] [ben@example.com, nobody@example.com]");
    }

    /** The cell showing {@code text}, as found when it first appeared (no second look-up that could miss it). */
    private Node cell(String text) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Node> found = new java.util.concurrent.atomic.AtomicReference<>();
        await(() -> lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).tryQuery()
                .map(node -> {
                    found.set(node);
                    return true;
                }).orElse(false));
        return found.get();
    }

    private boolean visible(String query) {
        return lookup(query).tryQuery().map(node -> onFx(() -> node.isVisible() && node.getScene() != null
                && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing())).orElse(false);
    }

    private String textOf(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private void awaitText(String query, String expected) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                    () -> lookup(query).tryQuery().isPresent() && expected.equals(textOf(query)));
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertion names what was shown instead
        }
        assertThat(textOf(query)).as(query).isEqualTo(expected);
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
