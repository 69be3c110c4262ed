package dev.familiar.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.catalog.PlanItemViewModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The Catalog screen inside the real console: registered as Ctrl+2, signed in to the embedded server by itself. */
class CatalogScreenConsoleUiTest extends ConsoleUiTestSupport {
    @TempDir
    Path dataDir;

    @BeforeEach
    void startConsole() throws Exception {
        launch(ConsoleOptions.embedded(dataDir.resolve("desktop")));
        closeAdminNotice();
        awaitText("#healthLabel", "Healthy");
    }

    @AfterEach
    void closeConsole() throws Exception {
        close();
    }

    @Test
    void ctrl2OpensTheCatalogWithTheEmbeddedServersPlans() throws Exception {
        press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);

        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> codes().size() >= 3);
        assertThat(codes()).containsExactly("starter", "pro", "enterprise");
        assertThat(textOf("#catalogStatus")).isEqualTo("3 plans");
    }

    private List<String> codes() throws Exception {
        if (lookup("#catalogTable").tryQuery().isEmpty()) {
            return List.of();
        }
        TableView<PlanItemViewModel> table = lookup("#catalogTable").queryTableView();
        return WaitForAsyncUtils.asyncFx(() -> table.getItems().stream().map(PlanItemViewModel::code).toList()).get();
    }
}
