package dev.familiar.admin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhooksViewModelTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeWebhooksApi api = new FakeWebhooksApi();
    private final WebhooksViewModel viewModel = new WebhooksViewModel(() -> api, tasks, dialogs, 2, Duration.ZERO, 5,
            ZoneOffset.UTC);

    @BeforeEach
    void inbox() {
        api.add("evt_paid", "invoice.paid", "in_1", "APPLIED", 1, null, T0);
        api.add("evt_sub", "customer.subscription.updated", "sub_1", "FAILED", 8,
                "price_X is not in the catalog", T0.plusSeconds(60));
        api.add("evt_void", "invoice.voided", "in_2", "IGNORED", 1, null, T0.plus(Duration.ofDays(1)));
    }

    private void open() {
        viewModel.load(Place.of("webhooks"));
        executor.runPending();
    }

    private List<String> shownIds() {
        return viewModel.events().stream().map(WebhookEventItemViewModel::eventId).toList();
    }

    private WebhookEventItemViewModel row(String id) {
        return viewModel.events().stream().filter(e -> e.eventId().equals(id)).findFirst().orElseThrow();
    }

    private List<String> resultTexts() {
        return viewModel.results().stream().map(ReplayItemViewModel::text).toList();
    }

    private void checkAndReplay(String... ids) {
        viewModel.check(List.of(ids).stream().map(this::row).toList());
        dialogs.answerConfirm(true);
        viewModel.replaySelected();
    }

    // ---- the list ----

    @Test
    void theFirstPageIsNewestFirstAndLoadMoreFollowsTheServersCursor() {
        open();

        assertThat(shownIds()).containsExactly("evt_void", "evt_sub");
        assertThat(viewModel.hasMoreProperty().get()).isTrue();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("2 events shown, more to load \u00b7 1 failed");

        viewModel.loadMore();
        executor.runPending();

        assertThat(shownIds()).containsExactly("evt_void", "evt_sub", "evt_paid");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("3 events \u00b7 1 failed");
        assertThat(api.calls()).containsExactly(
                "inbox status=null type=null from=null to=null cursor=null limit=2",
                "inbox status=null type=null from=null to=null cursor=2 limit=2");
    }

    @Test
    void theFilterIsSentAsTheServerTakesItWithTheToDayIncluded() {
        viewModel.statusFilterProperty().set("FAILED");
        viewModel.typeFilterProperty().set("  customer.* ");
        viewModel.fromDateProperty().set(LocalDate.of(2026, 11, 20));
        viewModel.toDateProperty().set(LocalDate.of(2026, 11, 20));

        open();

        assertThat(api.calls()).containsExactly("inbox status=FAILED type=customer.* from=2026-11-20T00:00:00Z "
                + "to=2026-11-21T00:00:00Z cursor=null limit=2");
        assertThat(shownIds()).containsExactly("evt_sub");
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("1 event \u00b7 1 failed");
    }

    @Test
    void loadMoreKeepsTheFilterOfTheListShownNotWhatWasTypedSince() {
        api.add("evt_old", "invoice.created", "in_0", "APPLIED", 1, null, T0.minusSeconds(600));
        viewModel.typeFilterProperty().set("invoice.*");
        open();
        viewModel.typeFilterProperty().set("customer.*");

        viewModel.loadMore();
        executor.runPending();

        assertThat(api.calls()).last().isEqualTo("inbox status=null type=invoice.* from=null to=null cursor=2 limit=2");
        assertThat(shownIds()).containsExactly("evt_void", "evt_paid", "evt_old");
    }

    @Test
    void aFilterThatCannotBeSentIsNamedAndNothingIsAsked() {
        viewModel.typeFilterProperty().set("invoice.*.paid");
        open();
        assertThat(viewModel.filterProblemProperty().get()).contains("a * may only end the type");

        viewModel.typeFilterProperty().set("");
        viewModel.fromDateProperty().set(LocalDate.of(2026, 11, 21));
        viewModel.toDateProperty().set(LocalDate.of(2026, 11, 20));
        viewModel.search();
        executor.runPending();
        assertThat(viewModel.filterProblemProperty().get()).isEqualTo("From must be on or before To");
        assertThat(api.calls()).isEmpty();

        viewModel.clearFilter();
        executor.runPending();
        assertThat(viewModel.filterProblemProperty().get()).isEmpty();
        assertThat(api.calls()).containsExactly("inbox status=null type=null from=null to=null cursor=null limit=2");
    }

    @Test
    void failedEventsStandOutAndNoOtherDoes() {
        open();
        assertThat(row("evt_sub").failed()).isTrue();
        assertThat(row("evt_sub").statusText()).isEqualTo("failed");
        assertThat(row("evt_sub").attemptsText()).isEqualTo("8");
        assertThat(row("evt_sub").lastError()).isEqualTo("price_X is not in the catalog");
        assertThat(row("evt_sub").receivedText()).isEqualTo("2026-11-20 09:01:00");
        assertThat(row("evt_void").failed()).isFalse();
    }

    @Test
    void aListThatCannotBeLoadedSaysSoWithTheRequestId() {
        api.failNext(new ApiError(ErrorCode.INTERNAL_ERROR, "database is down", 500).withRequestId("req-7"));
        open();

        assertThat(viewModel.listMessageProperty().get()).isEqualTo("Could not load the events");
        assertThat(dialogs.shown(ErrorRequest.class)).singleElement()
                .satisfies(e -> assertThat(e.requestId()).isEqualTo("req-7"))
                .satisfies(e -> assertThat(e.title()).isEqualTo("Could not load the webhook events"));
    }

    @Test
    void aFilterTheServerRefusesIsNamedByTheFilterNotInADialog() {
        api.failNext(ApiError.validation(java.util.Map.of("type", "must be an event type such as invoice.paid")));
        viewModel.typeFilterProperty().set("Invoice.Paid");
        open();

        assertThat(viewModel.filterProblemProperty().get()).startsWith("The server refused the filter: ")
                .contains("type: must be an event type such as invoice.paid");
        assertThat(dialogs.shown()).isEmpty();
    }

    @Test
    void anAnswerArrivingAfterTheScreenWasLeftIsIgnored() {
        viewModel.load(Place.of("webhooks"));
        tasks.cancelAll();
        executor.runPending();
        assertThat(viewModel.events()).isEmpty();
        assertThat(dialogs.shown()).isEmpty();
    }

    // ---- the selected event ----

    @Test
    void theSelectedEventShowsItsPayloadPrettyPrintedAndItsLastError() {
        open();
        viewModel.select(row("evt_sub"));
        assertThat(viewModel.detailMessageProperty().get()).isEqualTo("Loading the event…");
        executor.runPending();

        assertThat(viewModel.payloadProperty().get()).isEqualTo("""
                {
                  "id" : "evt_sub",
                  "type" : "customer.subscription.updated",
                  "data" : {
                    "object" : {
                      "id" : "sub_1"
                    }
                  }
                }""");
        assertThat(viewModel.detailErrorProperty().get()).isEqualTo("price_X is not in the catalog");
        assertThat(viewModel.detailTitleProperty().get())
                .isEqualTo("evt_sub \u00b7 customer.subscription.updated \u00b7 failed");
        assertThat(viewModel.detailMessageProperty().get())
                .isEqualTo("Received 2026-11-20 09:01:00 \u00b7 8 attempts \u00b7 correlation corr-evt_sub");

        viewModel.select(null);
        assertThat(viewModel.payloadProperty().get()).isEmpty();
        assertThat(viewModel.detailErrorProperty().get()).isEmpty();
    }

    @Test
    void onlyTheLastSelectedEventsDetailIsShown() {
        open();
        viewModel.select(row("evt_sub"));
        viewModel.select(row("evt_void"));
        executor.runPending();
        assertThat(viewModel.payloadProperty().get()).contains("\"id\" : \"evt_void\"");
        assertThat(viewModel.detailErrorProperty().get()).isEmpty();
    }

    @Test
    void aPayloadThatIsNotJsonIsShownAsReceived() {
        assertThat(WebhooksViewModel.pretty("not { json")).isEqualTo("not { json");
        assertThat(WebhooksViewModel.pretty(null)).isEmpty();
    }

    // ---- replay ----

    @Test
    void replayAsksFirstNamingTheEventsAndNothingIsSentWhenCancelled() {
        open();
        viewModel.check(List.of(row("evt_sub"), row("evt_void")));
        dialogs.answerConfirm(false);

        viewModel.replaySelected();
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.header()).isEqualTo("Replay 2 events?");
        assertThat(confirm.confirmText()).isEqualTo("Replay 2 events");
        assertThat(confirm.lines()).contains(
                "evt_sub \u00b7 customer.subscription.updated \u00b7 failed \u00b7 price_X is not in the catalog",
                "evt_void \u00b7 invoice.voided \u00b7 ignored");
        assertThat(api.callsStartingWith("replay")).isZero();
        assertThat(viewModel.results()).isEmpty();
    }

    @Test
    void nothingIsCheckedNothingIsAsked() {
        open();
        viewModel.replaySelected();
        assertThat(dialogs.shown()).isEmpty();
    }

    @Test
    void eachReplayedEventGetsItsOwnResultAndQueuedOnesAreFollowedToTheirFinalStatus() {
        api.add("evt_wait", "invoice.paid", "in_3", "PENDING", 2, "timeout", T0.minusSeconds(30));
        open();
        viewModel.loadMore();
        executor.runPending();
        api.afterReplay("evt_sub", null, "PENDING", "PENDING", "APPLIED");
        api.afterReplay("evt_void", "customer cus_9 is unknown", "PENDING", "FAILED");
        api.forget("evt_paid");

        checkAndReplay("evt_sub", "evt_void", "evt_paid", "evt_wait");
        executor.runNext(); // the replay itself

        assertThat(api.calls()).contains("replay evt_sub,evt_void,evt_paid,evt_wait");
        assertThat(resultTexts()).containsExactly(
                "evt_sub (customer.subscription.updated): queued, waiting\u2026",
                "evt_void (invoice.voided): queued, waiting\u2026",
                "evt_paid (invoice.paid): unknown event (not in the inbox)",
                "evt_wait (invoice.paid): already pending, nothing changed");
        assertThat(viewModel.followingProperty().get()).isTrue();
        assertThat(viewModel.replayMessageProperty().get())
                .isEqualTo("Replay: 2 pending, 1 unknown, 1 already pending \u00b7 following 2 events…");

        executor.runPending(); // the following, one round per task, until neither is pending

        assertThat(resultTexts()).containsExactly(
                "evt_sub (customer.subscription.updated): queued \u2192 applied",
                "evt_void (invoice.voided): queued \u2192 failed: customer cus_9 is unknown",
                "evt_paid (invoice.paid): unknown event (not in the inbox)",
                "evt_wait (invoice.paid): already pending, nothing changed");
        assertThat(viewModel.results().get(1).failed()).isTrue();
        assertThat(viewModel.followingProperty().get()).isFalse();
        assertThat(viewModel.replayMessageProperty().get())
                .isEqualTo("Replay: 1 applied, 1 failed, 1 unknown, 1 already pending");
        assertThat(api.callsStartingWith("event evt_sub")).isEqualTo(3);
        assertThat(api.callsStartingWith("event evt_void")).isEqualTo(2);
        assertThat(api.callsStartingWith("event evt_wait")).as("not queued: not followed").isZero();
        assertThat(row("evt_sub").statusText()).as("the table follows too").isEqualTo("applied");
        assertThat(row("evt_sub").failed()).isFalse();
        assertThat(row("evt_void").failed()).isTrue();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("4 events \u00b7 1 failed");
    }

    @Test
    void followingIsBoundedAndSaysWhichEventsWereStillPending() {
        open();
        api.afterReplay("evt_sub", null, "PENDING");

        checkAndReplay("evt_sub");
        executor.runPending();

        assertThat(api.callsStartingWith("event evt_sub")).isEqualTo(5);
        assertThat(resultTexts()).containsExactly(
                "evt_sub (customer.subscription.updated): queued (still pending after 5 checks)");
        assertThat(viewModel.followingProperty().get()).isFalse();
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void stopFollowingEndsThePollingAtOnceAndDropsItsAnswer() {
        open();
        api.afterReplay("evt_sub", null, "APPLIED");
        checkAndReplay("evt_sub");
        executor.runNext(); // the replay; the first round of checks is queued
        assertThat(viewModel.followingProperty().get()).isTrue();

        viewModel.stopFollowing();
        executor.runPending();

        assertThat(api.callsStartingWith("event")).as("a cancelled round asks nothing more").isZero();
        assertThat(resultTexts()).containsExactly(
                "evt_sub (customer.subscription.updated): queued (no longer followed)");
        assertThat(viewModel.followingProperty().get()).isFalse();
        assertThat(tasks.runningCount()).isZero();
    }

    @Test
    void aReplayTheServerRefusesIsShownWithItsRequestId() {
        open();
        api.failNext(new ApiError(ErrorCode.FORBIDDEN, "admins only", 403).withRequestId("req-9"));
        checkAndReplay("evt_sub");
        executor.runPending();

        assertThat(viewModel.replayMessageProperty().get()).isEqualTo("The replay was not sent: admins only (HTTP 403)");
        assertThat(dialogs.shown(ErrorRequest.class)).singleElement()
                .satisfies(e -> assertThat(e.requestId()).isEqualTo("req-9"));
        assertThat(viewModel.replayingProperty().get()).isFalse();
        assertThat(viewModel.results()).isEmpty();
    }

    @Test
    void aCheckThatFailsStopsTheFollowingAndSaysWhy() {
        open();
        api.afterReplay("evt_sub", null, "APPLIED");
        checkAndReplay("evt_sub");
        executor.runNext();
        api.failNext(new ApiError(ErrorCode.INTERNAL_ERROR, "boom", 500).withRequestId("req-5"));
        executor.runPending();

        assertThat(resultTexts()).containsExactly(
                "evt_sub (customer.subscription.updated): queued (could not be checked: boom (HTTP 500))");
        assertThat(dialogs.errors()).containsExactly("Could not follow the replayed events: boom (HTTP 500)");
        assertThat(viewModel.followingProperty().get()).isFalse();
    }
}
