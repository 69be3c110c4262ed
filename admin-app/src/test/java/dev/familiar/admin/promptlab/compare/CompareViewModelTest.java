package dev.familiar.admin.promptlab.compare;

import static dev.familiar.admin.promptlab.compare.FakeCompareApi.iteration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.prompt.IterationView;
import org.junit.jupiter.api.Test;

class CompareViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeCompareApi api = new FakeCompareApi()
            .withVersion(FakeCompareApi.version(1, "Summarise {{topic}}.\nBe short."))
            .withVersion(FakeCompareApi.version(2, "Summarise {{topic}}.\nBe brief."));
    private final CompareViewModel viewModel = new CompareViewModel(() -> api,
            new TaskScope(executor, new ActivityMonitor()), dialogs);

    @Test
    void twoIterationsAreComparedPartByPartWithAHeaderEach() {
        IterationView a = iteration("a", 1, "Cats purr.", 10, 5, 100, "0.0010", "SUCCEEDED");
        IterationView b = iteration("b", 2, "Cats purr loudly.", 11, 7, 180, "0.0012", "SUCCEEDED");

        viewModel.compare(a, b);
        executor.runPending();

        IterationComparison comparison = viewModel.comparisonProperty().get();
        assertThat(comparison.left().summary())
                .isEqualTo("v1 · echo echo-1 (dry run) · 10 + 5 = 15 tokens · 0.001 USD · 100 ms · SUCCEEDED");
        assertThat(comparison.right().tokensText()).isEqualTo("11 + 7 = 18 tokens");
        assertThat(comparison.sections()).extracting(IterationComparison.Section::name)
                .containsExactly("Template", "Data", "Rendered prompt", "Output");
        TextDiff.Row changed = comparison.section("Template").rows().get(1);
        assertThat(changed.kind()).isEqualTo(TextDiff.RowKind.CHANGED);
        assertThat(changed.leftWords()).contains(new TextDiff.Edit(TextDiff.Op.DELETE, "short"));
        assertThat(changed.rightWords()).contains(new TextDiff.Edit(TextDiff.Op.INSERT, "brief"));
        assertThat(comparison.section("Data").identical()).isTrue();
        assertThat(comparison.section("Data").rows()).extracting(TextDiff.Row::left)
                .containsExactly("{", "  \"topic\" : \"cats\",", "  \"words\" : 20", "}");
        assertThat(viewModel.messageProperty().get()).isEqualTo("Template, Output differ");
    }

    @Test
    void iterationsOfOneVersionLoadItOnce() {
        viewModel.compare(iteration("a", 1, "x", 1, 1, 1, "0", "SUCCEEDED"),
                iteration("b", 1, "y", 1, 1, 1, "0", "SUCCEEDED"));
        executor.runPending();

        assertThat(api.calls).containsExactly("version summary@1");
        assertThat(viewModel.comparisonProperty().get().section("Template").identical()).isTrue();
    }

    @Test
    void aVersionTheServerNoLongerKnowsStillComparesTheRest() {
        viewModel.openInDialog(iteration("a", 1, "x", 1, 1, 1, "0", "SUCCEEDED"),
                iteration("b", 7, "x", 1, 1, 1, "0", "FAILED"));
        executor.runPending();

        IterationComparison comparison = dialogs.shown(IterationDiffRequest.class).get(0).comparison();
        assertThat(comparison.section("Template").rows().get(0).right()).isEqualTo("(version not available)");
        assertThat(comparison.section("Output").rows().get(0).right()).isEqualTo("FAILED: provider 500");
        assertThat(dialogs.errors()).isEmpty();
    }
}
