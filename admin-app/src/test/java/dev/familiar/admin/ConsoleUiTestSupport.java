package dev.familiar.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javafx.application.Application;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Starts the real {@link FamiliarConsoleApp} in TestFX's primary stage and waits for the UI by polling
 * (generous timeouts, because a cold embedded server start migrates a fresh database).
 */
abstract class ConsoleUiTestSupport extends FxRobot {
    private static final long TIMEOUT_SECONDS = 90;

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
        try {
            return WaitForAsyncUtils.asyncFx(labeled::getText).get();
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
