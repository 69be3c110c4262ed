package dev.familiar.admin.promptlab.compare;

import static dev.familiar.admin.promptlab.compare.FakeCompareApi.iteration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.preferences.Theme;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TitledPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The side-by-side diff as the operator sees it: headers, sections, and exactly the changed words highlighted. */
class CompareViewUiTest extends FxRobot {

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void changedWordsAreHighlightedOnTheirSideAndIdenticalPartsSaySo() throws Exception {
        IterationComparison comparison = IterationComparison.of(
                iteration("a", 1, "Cats purr softly.", 10, 5, 100, "0.0010", "SUCCEEDED"),
                FakeCompareApi.version(1, "Summarise {{topic}}.\nBe short."),
                iteration("b", 2, "Cats purr loudly.", 11, 7, 180, "0.0012", "SUCCEEDED"),
                FakeCompareApi.version(2, "Summarise {{topic}}.\nBe brief."));
        FxToolkit.registerPrimaryStage();
        Stage stage = FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            primary.setScene(new Scene((Parent) CompareView.node(comparison), 1000, 700));
            primary.show();
        });
        assertThat(stage.isShowing()).isTrue();

        List<String> removed = texts("diff-removed");
        List<String> inserted = texts("diff-inserted");
        assertThat(removed).containsExactlyInAnyOrder("short", "softly");
        assertThat(inserted).containsExactlyInAnyOrder("brief", "loudly");
        assertThat(onFx(() -> lookup("#compareSection-Data").queryAs(TitledPane.class).getText()))
                .isEqualTo("Data (identical)");
        Node header = lookup("#compareRightHeader").query();
        assertThat(onFx(() -> lookup("#compareRightHeader .label").queryAllAs(Labeled.class).stream()
                .map(Labeled::getText).toList())).contains("B: v2 · echo echo-1 (dry run)",
                "11 + 7 = 18 tokens · 0.0012 USD · 180 ms · SUCCEEDED");
        assertThat(header).isNotNull();
    }

    private List<String> texts(String styleClass) {
        return onFx(() -> lookup("." + styleClass).queryAllAs(Text.class).stream().map(Text::getText).toList());
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
