package dev.familiar.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Starts the real {@link FamiliarConsoleApp} in TestFX's primary stage and waits for the UI by polling
 * (generous timeouts, because a cold embedded server start migrates a fresh database).
 */
abstract class ConsoleUiTestSupport extends FxRobot {
    private static final long TIMEOUT_SECONDS = 90;
    protected static final String ADMIN_NOTICE_DIALOG = "#copyableInformationDialog";

    protected Application app;

    protected void launch(ConsoleOptions options) throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(() -> new FamiliarConsoleApp(options));
    }

    /** Stops the console (idempotent) and closes any dialog left open. */
    protected void close() throws TimeoutException {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
    }

    protected String textOf(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    /** Whether the node is visible (and laid out) itself; says nothing about its window. */
    protected boolean isVisible(String query) {
        Node node = lookup(query).query();
        return onFx(() -> node.isVisible() && node.isManaged());
    }

    protected List<String> styleClassesOf(String query) {
        Node node = lookup(query).query();
        return onFx(() -> List.copyOf(node.getStyleClass()));
    }

    /**
     * Waits for the dialog with the first administrator's one-time password (a console on a fresh data
     * folder shows it once), checks its title, closes it with OK and returns the text it showed.
     */
    protected String closeAdminNotice() throws TimeoutException {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> isShowing(ADMIN_NOTICE_DIALOG));
        DialogPane pane = lookup(ADMIN_NOTICE_DIALOG).queryAs(DialogPane.class);
        TextArea text = lookup("#copyableText").queryAs(TextArea.class);
        assertThat(onFx(pane::getHeaderText)).isEqualTo("First administrator created");
        assertThat(onFx(text::isEditable)).as("the notice is read-only").isFalse();
        String notice = onFx(text::getText);
        Node ok = onFx(() -> pane.lookupButton(ButtonType.OK));
        clickOn(ok);
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> !isShowing(ADMIN_NOTICE_DIALOG));
        return notice;
    }

    protected boolean isShowing(String query) {
        return lookup(query).tryQuery()
                .map(node -> onFx(() -> node.getScene() != null && node.getScene().getWindow() != null
                        && node.getScene().getWindow().isShowing()))
                .orElse(false);
    }

    protected static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    protected void awaitText(String query, String expected) {
        awaitText(query, expected::equals, expected);
    }

    protected void awaitText(String query, Predicate<String> condition, String description) {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> condition.test(textOf(query)));
        } catch (TimeoutException e) {
            // fall through: the assertion below names what was shown instead
        }
        assertThat(textOf(query)).as("%s shows %s", query, description).matches(condition::test);
    }
}
