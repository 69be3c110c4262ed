package dev.familiar.admin.promptlab.compare;

import static dev.familiar.admin.promptlab.compare.FakeCompareApi.iteration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VersionComparisonViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private FakeCompareApi api;
    private VersionComparisonViewModel viewModel;

    @BeforeEach
    void setUp() {
        api = new FakeCompareApi().withDataSet("cats", "short", "long", "odd")
                .withVersion(FakeCompareApi.version(1, "Summarise {{topic}}"))
                .withVersion(FakeCompareApi.version(2, "Summarise {{topic}} briefly"))
                .plan(1, iteration("a1", 1, "Cats purr.", 10, 5, 100, "0.0010", "SUCCEEDED"),
                        iteration("a2", 1, "Cats sleep.", 12, 6, 200, "0.0020", "SUCCEEDED"),
                        iteration("a3", 1, null, 8, 0, 300, "0", "FAILED"))
                .plan(2, iteration("b1", 2, "Cats purr.", 11, 4, 150, "0.0011", "SUCCEEDED"),
                        iteration("b2", 2, "Cats nap.", 13, 7, 250, "0.0021", "SUCCEEDED"),
                        iteration("b3", 2, "Cats are odd.", 9, 3, 50, "0.0005", "SUCCEEDED"));
        viewModel = new VersionComparisonViewModel(() -> api, tasks, dialogs, Duration.ZERO);
    }

    @Test
    void bothBatchesRunOverTheSameDataSetAndTheRowsAreComparedWithTotals() {
        viewModel.start("summary", 1, 2, "cats", null);
        assertThat(viewModel.runningProperty().get()).isTrue();

        executor.runPending();

        assertThat(api.calls).startsWith("startBatch v1 cats", "startBatch v2 cats");
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.rows()).extracting(ComparisonRow::labelText).containsExactly("short", "long", "odd");
        assertThat(viewModel.rows()).extracting(ComparisonRow::statusText)
                .containsExactly("same output", "different output", "A failed");
        ComparisonRow second = viewModel.rows().get(1);
        assertThat(second.leftOutput()).isEqualTo("Cats sleep.");
        assertThat(second.rightOutput()).isEqualTo("Cats nap.");
        assertThat(second.tokensText()).isEqualTo("18 / 20");
        assertThat(second.costText()).isEqualTo("0.002 USD / 0.0021 USD");
        assertThat(second.latencyText()).isEqualTo("200 ms / 250 ms");
        assertThat(viewModel.rows().get(2).leftOutput()).isEqualTo("FAILED: provider 500");

        ComparisonTotals totals = viewModel.totalsProperty().get();
        assertThat(totals.left().tokens()).isEqualTo(15 + 18 + 8);
        assertThat(totals.right().tokens()).isEqualTo(15 + 20 + 12);
        assertThat(totals.left().cost()).isEqualByComparingTo(new BigDecimal("0.0030"));
        assertThat(totals.right().cost()).isEqualByComparingTo(new BigDecimal("0.0037"));
        assertThat(totals.left().meanLatencyMs()).isEqualTo(200.0);
        assertThat(totals.right().meanLatencyMs()).isEqualTo(150.0);
        assertThat(totals.left().failures()).isEqualTo(1);
        assertThat(totals.right().failures()).isZero();
        assertThat(totals.left().failuresText()).isEqualTo("1 of 3 failed");
        assertThat(VersionComparisonView.totalsText(totals))
                .isEqualTo("Totals A: 41 tokens, 0.003 USD, mean 200 ms, 1 of 3 failed"
                        + " · B: 47 tokens, 0.0037 USD, mean 150 ms, 0 of 3 failed");
        assertThat(viewModel.messageProperty().get()).isEqualTo("v1 and v2 over cats: 3 rows compared");
    }

    @Test
    void progressOfEachBatchIsShownWhileTheyRun() {
        viewModel.start("summary", 1, 2, "cats", null);
        executor.runNext(); // both started
        executor.runNext(); // first poll: one row each

        assertThat(viewModel.leftProgressProperty().get()).isEqualTo(1.0 / 3);
        assertThat(viewModel.rightProgressProperty().get()).isEqualTo(1.0 / 3);
        assertThat(viewModel.leftProgressTextProperty().get()).isEqualTo("A: v1 1 / 3 rows, 0 failed (RUNNING)");
        assertThat(viewModel.rows()).isEmpty();
        assertThat(viewModel.runningProperty().get()).isTrue();
    }

    @Test
    void cancelStopsPollingCancelsBothBatchesAndComparesTheRowsRunSoFar() {
        viewModel.start("summary", 1, 2, "cats", null);
        executor.runNext(); // started
        executor.runNext(); // one row each

        viewModel.cancel();
        executor.runPending();

        assertThat(api.calls).contains("cancelBatch batch-1", "cancelBatch batch-2");
        assertThat(api.calls.stream().filter(c -> c.startsWith("batch ")).count())
                .as("no polling after the cancel").isEqualTo(2);
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.rows()).extracting(ComparisonRow::statusText)
                .containsExactly("same output", "not run", "not run");
        assertThat(viewModel.totalsProperty().get().left().rows()).isEqualTo(1);
        assertThat(viewModel.messageProperty().get()).isEqualTo("v1 and v2 over cats: 3 rows compared (cancelled)");
    }

    @Test
    void whenTheSecondBatchCannotStartTheFirstIsCancelledAndTheErrorShown() {
        api.failStartVersion = 2;
        api.failStartOfVersion = new ApiError(ErrorCode.RND_BUDGET_EXCEEDED, "R&D budget exceeded", 402);

        viewModel.start("summary", 1, 2, "cats", null);
        executor.runPending();

        assertThat(api.calls).containsExactly("startBatch v1 cats", "startBatch v2 cats", "cancelBatch batch-1");
        assertThat(dialogs.errors()).containsExactly("Could not start the batches: R&D budget exceeded (HTTP 402)");
        assertThat(viewModel.runningProperty().get()).isFalse();
    }

    @Test
    void aRowOpensInTheIterationDiffWithBothTemplates() {
        viewModel.start("summary", 1, 2, "cats", null);
        executor.runPending();

        viewModel.open(viewModel.rows().get(1));
        executor.runPending();

        IterationDiffRequest shown = dialogs.shown(IterationDiffRequest.class).get(0);
        IterationComparison comparison = shown.comparison();
        assertThat(comparison.left().iterationId()).isEqualTo("a2");
        assertThat(comparison.right().iterationId()).isEqualTo("b2");
        assertThat(comparison.section("Template").rows().get(0).right()).isEqualTo("Summarise {{topic}} briefly");
        assertThat(comparison.section("Output").identical()).isFalse();
        assertThat(comparison.section("Data").identical()).isTrue();
    }

    @Test
    void aRowNotRunByBothCannotBeOpened() {
        viewModel.start("summary", 1, 2, "cats", null);
        executor.runNext();
        executor.runNext();
        viewModel.cancel();
        executor.runPending();

        viewModel.open(viewModel.rows().get(2));

        assertThat(executor.pendingCount()).isZero();
        assertThat(viewModel.messageProperty().get()).isEqualTo("Row odd was not run by both versions");
    }

    @Test
    void resultsArrivingAfterTheScreenWasLeftAreIgnored() {
        viewModel.start("summary", 1, 2, "cats", null);
        executor.runNext();
        tasks.cancelAll();

        executor.runPending();

        assertThat(viewModel.rows()).isEmpty();
        assertThat(api.calls.stream().filter(c -> c.startsWith("iteration ")).count()).isZero();
    }
}
