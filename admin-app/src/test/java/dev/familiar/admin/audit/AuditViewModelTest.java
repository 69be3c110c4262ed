package dev.familiar.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.audit.AuditFilter;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditViewModelTest {
    @TempDir
    Path dir;
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeAuditApi api = new FakeAuditApi().withEntries(250);
    private final List<String> suggested = new ArrayList<>();
    private Optional<Path> chosen = Optional.empty();
    private final AuditViewModel viewModel = new AuditViewModel(() -> api, tasks, dialogs, name -> {
        suggested.add(name);
        return chosen;
    }, Clock.fixed(Instant.parse("2026-03-02T10:11:12Z"), ZoneOffset.UTC));

    @Test
    void loadShowsTheFirstPageNewestFirstAndOffersMore() {
        viewModel.load();
        assertThat(viewModel.loadingProperty().get()).isTrue();
        executor.runPending();

        assertThat(viewModel.rows()).hasSize(AuditViewModel.PAGE_SIZE);
        AuditItemViewModel first = viewModel.rows().get(0);
        assertThat(first).isEqualTo(new AuditItemViewModel("e-0", "2026-03-01 12:00:00", "tenant-a", "actor-0",
                "user.invite", "target-0", "SUCCESS", "req-0", "10.0.0.0"));
        assertThat(viewModel.rows().get(1).tenant()).isEqualTo("platform");
        assertThat(viewModel.canLoadMoreProperty().get()).isTrue();
        assertThat(viewModel.loadingProperty().get()).isFalse();
        assertThat(viewModel.summaryProperty().get()).isEqualTo("100 entries shown · more on the server");
    }

    @Test
    void loadMoreFollowsTheCursorUntilTheLastPage() {
        viewModel.load();
        executor.runPending();
        viewModel.loadMore();
        executor.runPending();
        viewModel.loadMore();
        executor.runPending();
        viewModel.loadMore(); // nothing more: no call

        assertThat(viewModel.rows()).hasSize(250);
        assertThat(viewModel.rows().get(249).id()).isEqualTo("e-249");
        assertThat(viewModel.canLoadMoreProperty().get()).isFalse();
        assertThat(viewModel.summaryProperty().get()).isEqualTo("250 entries");
        assertThat(api.calls).containsExactly("page cursor=null limit=100", "page cursor=100 limit=100",
                "page cursor=200 limit=100");
    }

    @Test
    void failuresAndDenialsAreFlagged() {
        viewModel.load();
        executor.runPending();
        assertThat(viewModel.rows().subList(0, 4).stream().map(AuditItemViewModel::flagged).toList())
                .containsExactly(false, true, true, false);
    }

    @Test
    void applySendsTheFilterWithADateAloneMeaningTheWholeDay() {
        viewModel.actorProperty().set("  u-1 ");
        viewModel.actionProperty().set("billing.*");
        viewModel.tenantProperty().set("tenant-a");
        viewModel.fromDateProperty().set(LocalDate.of(2026, 3, 1));
        viewModel.toDateProperty().set(LocalDate.of(2026, 3, 2));
        viewModel.apply();
        executor.runPending();

        assertThat(api.filters).containsExactly(new AuditFilter("u-1", "billing.*", "tenant-a",
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z")));
    }

    @Test
    void aTimeNarrowsTheDay() {
        viewModel.fromDateProperty().set(LocalDate.of(2026, 3, 1));
        viewModel.fromTimeProperty().set("09:30");
        viewModel.toDateProperty().set(LocalDate.of(2026, 3, 1));
        viewModel.toTimeProperty().set("17:00");
        viewModel.apply();
        executor.runPending();

        assertThat(api.filters.get(0).from()).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
        assertThat(api.filters.get(0).to()).isEqualTo(Instant.parse("2026-03-01T17:00:00Z"));
    }

    @Test
    void fieldsThatDoNotReadAreRefusedWithoutACall() {
        viewModel.actionProperty().set("billing.*.x");
        viewModel.apply();
        assertThat(viewModel.problemProperty().get()).startsWith("Action:");

        viewModel.actionProperty().set("");
        viewModel.fromDateProperty().set(LocalDate.of(2026, 3, 1));
        viewModel.fromTimeProperty().set("9h30");
        viewModel.apply();
        assertThat(viewModel.problemProperty().get()).startsWith("Time:");

        viewModel.fromTimeProperty().set("");
        viewModel.toDateProperty().set(LocalDate.of(2026, 2, 27));
        viewModel.apply();
        assertThat(viewModel.problemProperty().get()).isEqualTo("From must be before To");
        assertThat(executor.pendingCount()).isZero();
        assertThat(api.calls).isEmpty();
    }

    @Test
    void clearEmptiesTheFieldsAndLoadsEverything() {
        viewModel.actorProperty().set("u-1");
        viewModel.fromDateProperty().set(LocalDate.of(2026, 3, 1));
        viewModel.clear();
        executor.runPending();
        assertThat(viewModel.actorProperty().get()).isEmpty();
        assertThat(viewModel.fromDateProperty().get()).isNull();
        assertThat(api.filters).containsExactly(AuditFilter.all());
    }

    @Test
    void aLoadFailureIsShownThroughTheDialogService() {
        api.failure = ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, "down for a moment");
        viewModel.load();
        executor.runPending();
        assertThat(dialogs.errors()).hasSize(1);
        assertThat(dialogs.errors().get(0)).contains("Could not load the audit log");
        assertThat(viewModel.problemProperty().get()).isNotEmpty();
    }

    @Test
    void exportStreamsTheAppliedFilterIntoTheChosenFile() throws Exception {
        viewModel.actionProperty().set("user.*");
        viewModel.apply();
        executor.runPending();
        viewModel.actionProperty().set("edited.but.not.applied");
        Path file = dir.resolve("out.csv");
        chosen = Optional.of(file);

        viewModel.exportCsv();
        assertThat(viewModel.exportingProperty().get()).isTrue();
        executor.runPending();

        assertThat(suggested).containsExactly("audit-20260302-101112.csv");
        assertThat(api.filters.get(1).action()).isEqualTo("user.*");
        assertThat(Files.size(file)).isEqualTo(7 + 3 * 1024);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("id,at");
        assertThat(viewModel.exportStatusProperty().get()).isEqualTo("Exported 3,079 bytes to " + file);
        assertThat(viewModel.exportingProperty().get()).isFalse();
    }

    @Test
    void noFileChosenMeansNoExport() {
        viewModel.exportCsv();
        assertThat(executor.pendingCount()).isZero();
        assertThat(api.calls).isEmpty();
    }

    @Test
    void aCancelledExportStopsAndRemovesThePartialFile() throws Exception {
        Path file = dir.resolve("cancelled.csv");
        chosen = Optional.of(file);
        viewModel.exportCsv();
        viewModel.cancelExport(); // before the work runs: its first write sees the cancel
        executor.runPending();

        assertThat(file).doesNotExist();
        assertThat(viewModel.exportStatusProperty().get()).isEqualTo("Export cancelled; cancelled.csv removed");
        assertThat(viewModel.exportingProperty().get()).isFalse();
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void aFailedExportRemovesTheFileAndSaysWhy() {
        api.failure = ApiError.of(ErrorCode.FORBIDDEN, "A tenant admin reads only their own tenant's audit log");
        Path file = dir.resolve("failed.csv");
        chosen = Optional.of(file);
        viewModel.exportCsv();
        executor.runPending();

        assertThat(file).doesNotExist();
        assertThat(dialogs.errors()).hasSize(1);
        assertThat(viewModel.exportStatusProperty().get()).startsWith("Export failed: ");
    }
}
