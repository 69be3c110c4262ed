package dev.familiar.admin.purchases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.purchases.PurchaseStep;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PurchasesViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakePurchasesApi api = new FakePurchasesApi();
    private final PurchasesViewModel viewModel = new PurchasesViewModel(() -> api, tasks, dialogs, 2, ZoneOffset.UTC);

    @BeforeEach
    void sagas() {
        api.add("s-done", "org-a", "COMPLETED", false, null, T0,
                new PurchaseStep(T0, "RESERVE_PAYMENT", "SUCCEEDED", "hold pi_1 requires_capture"),
                new PurchaseStep(T0.plusSeconds(1), "ALLOCATE_TOKENS", "SUCCEEDED", "250000 tokens"),
                new PurchaseStep(T0.plusSeconds(2), "CAPTURE_PAYMENT", "SUCCEEDED", "captured"));
        api.add("s-declined", "org-b", "FAILED", true, "capture refused: card_declined", T0.plusSeconds(3600),
                new PurchaseStep(T0.plusSeconds(3600), "RESERVE_PAYMENT", "SUCCEEDED", "hold pi_2"),
                new PurchaseStep(T0.plusSeconds(3601), "CAPTURE_PAYMENT", "FAILED", "card_declined"),
                new PurchaseStep(T0.plusSeconds(3602), "COMPENSATE", "SUCCEEDED", "hold voided, tokens taken back"));
        api.add("s-waiting", "org-a", "PAYMENT_RESERVED", false, null, T0.plusSeconds(86_400),
                new PurchaseStep(T0.plusSeconds(86_400), "RESERVE_PAYMENT", "UNKNOWN", "no answer; looking it up"));
    }

    private void open() {
        viewModel.load(Place.of("purchases"));
        executor.runPending();
    }

    private List<String> shownIds() {
        return viewModel.purchases().stream().map(PurchaseItemViewModel::sagaId).toList();
    }

    private PurchaseItemViewModel row(String id) {
        return viewModel.purchases().stream().filter(p -> p.sagaId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theFirstPageIsNewestFirstAndLoadMoreFollowsTheServersCursor() {
        open();
        assertThat(shownIds()).containsExactly("s-waiting", "s-declined");
        assertThat(viewModel.listMessageProperty().get())
                .isEqualTo("2 purchases shown, more to load \u00b7 1 failed \u00b7 1 compensated");

        viewModel.loadMore();
        executor.runPending();

        assertThat(shownIds()).containsExactly("s-waiting", "s-declined", "s-done");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
        assertThat(api.calls()).containsExactly(
                "list status=null org=null from=null to=null cursor=null limit=2",
                "list status=null org=null from=null to=null cursor=2 limit=2");
    }

    @Test
    void problemsOrganisationAndDaysAreSentAsTheServerTakesThem() {
        viewModel.statusFilterProperty().set(PurchasesViewModel.PROBLEMS);
        viewModel.orgFilterProperty().set(" org-b ");
        viewModel.fromDateProperty().set(LocalDate.of(2026, 11, 20));
        viewModel.toDateProperty().set(LocalDate.of(2026, 11, 20));
        open();

        assertThat(api.calls()).containsExactly("list status=PROBLEM org=org-b from=2026-11-20T00:00:00Z "
                + "to=2026-11-21T00:00:00Z cursor=null limit=2");
        assertThat(shownIds()).containsExactly("s-declined");

        viewModel.clearFilter();
        executor.runPending();
        assertThat(api.calls()).last().isEqualTo("list status=null org=null from=null to=null cursor=null limit=2");
    }

    @Test
    void aFromDayAfterTheToDayIsNamedAndNothingIsAsked() {
        viewModel.fromDateProperty().set(LocalDate.of(2026, 11, 22));
        viewModel.toDateProperty().set(LocalDate.of(2026, 11, 21));
        open();
        assertThat(viewModel.filterProblemProperty().get()).isEqualTo("From must be on or before To");
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void failedAndCompensatedSagasStandOutWithTheirColumns() {
        open();
        PurchaseItemViewModel declined = row("s-declined");
        assertThat(declined.failed()).isTrue();
        assertThat(declined.compensated()).isTrue();
        assertThat(declined.compensatedText()).isEqualTo("yes");
        assertThat(declined.error()).isEqualTo("capture refused: card_declined");
        assertThat(declined.amountText()).isEqualTo("12.50 USD");
        assertThat(declined.tokensText()).isEqualTo("250,000");
        assertThat(declined.createdText()).isEqualTo("2026-11-20 10:00:00");
        PurchaseItemViewModel waiting = row("s-waiting");
        assertThat(waiting.failed()).isFalse();
        assertThat(waiting.compensated()).isFalse();
        assertThat(waiting.statusText()).isEqualTo("payment reserved");
    }

    @Test
    void amountsUseTheCurrencysOwnDecimals() {
        assertThat(PurchaseItemViewModel.amount(1250, "jpy")).isEqualTo("1250 JPY");
        assertThat(PurchaseItemViewModel.amount(5, "eur")).isEqualTo("0.05 EUR");
    }

    @Test
    void theSelectedSagaShowsItsStepsWithFailedAndUnknownOnesMarked() {
        open();
        viewModel.select(row("s-declined"));
        executor.runPending();

        assertThat(viewModel.steps()).extracting(PurchaseStepItemViewModel::stepText)
                .containsExactly("RESERVE_PAYMENT", "CAPTURE_PAYMENT", "COMPENSATE");
        assertThat(viewModel.steps()).extracting(PurchaseStepItemViewModel::outcomeText)
                .containsExactly("succeeded", "\u2717 failed", "succeeded");
        assertThat(viewModel.steps().get(1).failed()).isTrue();
        assertThat(viewModel.steps().get(1).timeText()).isEqualTo("2026-11-20 10:00:01");
        assertThat(viewModel.detailTitleProperty().get())
                .isEqualTo("250,000 openai tokens for 12.50 USD \u00b7 failed (compensated)");
        assertThat(viewModel.detailMessageProperty().get()).isEqualTo("Saga s-declined \u00b7 user user-s-declined "
                + "\u00b7 3 steps \u00b7 1 went wrong \u00b7 payment pi_s-declined \u00b7 error: capture refused: "
                + "card_declined");

        viewModel.select(row("s-waiting"));
        executor.runPending();
        assertThat(viewModel.steps()).singleElement().satisfies(step -> {
            assertThat(step.unknown()).isTrue();
            assertThat(step.outcomeText()).isEqualTo("? unknown");
        });
    }

    @Test
    void onlyTheLastSelectedSagasStepsAreShown() {
        open();
        viewModel.select(row("s-declined"));
        viewModel.select(row("s-waiting"));
        executor.runPending();
        assertThat(viewModel.steps()).extracting(PurchaseStepItemViewModel::stepText).containsExactly("RESERVE_PAYMENT");
        assertThat(viewModel.detailMessageProperty().get()).startsWith("Saga s-waiting");
    }

    @Test
    void theSelectionSurvivesAReloadWhenTheSagaIsStillListed() {
        open();
        viewModel.select(row("s-declined"));
        executor.runPending();
        viewModel.search();
        executor.runPending();
        assertThat(viewModel.selectedProperty().get().sagaId()).isEqualTo("s-declined");
        assertThat(viewModel.steps()).hasSize(3);

        viewModel.statusFilterProperty().set("COMPLETED");
        viewModel.search();
        executor.runPending();
        assertThat(viewModel.selectedProperty().get()).isNull();
        assertThat(viewModel.steps()).isEmpty();
    }

    @Test
    void failuresAreShownWithTheirRequestId() {
        api.failNext(new ApiError(ErrorCode.FORBIDDEN, "admins only", 403).withRequestId("req-3"));
        open();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("Could not load the purchases");
        assertThat(dialogs.shown(ErrorRequest.class)).singleElement()
                .satisfies(e -> assertThat(e.requestId()).isEqualTo("req-3"));

        viewModel.search();
        executor.runPending();
        api.failNext(new ApiError(ErrorCode.NOT_FOUND, "No such purchase", 404).withRequestId("req-404"));
        viewModel.select(row("s-declined"));
        executor.runPending();
        assertThat(viewModel.detailMessageProperty().get())
                .isEqualTo("Could not load the steps: No such purchase (HTTP 404)");
        assertThat(dialogs.errors()).last()
                .isEqualTo("Could not load the purchase s-declined: No such purchase (HTTP 404)");
    }

    @Test
    void anAnswerArrivingAfterTheScreenWasLeftIsIgnored() {
        viewModel.load(Place.of("purchases"));
        tasks.cancelAll();
        executor.runPending();
        assertThat(viewModel.purchases()).isEmpty();
        assertThat(dialogs.shown()).isEmpty();
    }
}
