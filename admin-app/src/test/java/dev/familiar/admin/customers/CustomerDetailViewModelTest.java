package dev.familiar.admin.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.CopyableTextRequest;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.home.HomeScreen;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerDetailViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final Navigator navigator = new Navigator(Place.of(HomeScreen.ID),
            Set.of(HomeScreen.ID, CustomersScreen.ID)::contains);
    private final FakeCustomersApi api = new FakeCustomersApi();
    private final List<String> opened = new ArrayList<>();
    private final CustomerDetailViewModel viewModel =
            new CustomerDetailViewModel(() -> api, tasks, dialogs, navigator, opened::add);

    @BeforeEach
    void twoOrganisations() {
        api.add("org-acme", "Acme Rockets");
        api.add("org-zeta", "Zeta Tools");
    }

    private void show(String orgId) {
        viewModel.load(orgId);
        executor.runPending();
    }

    @Test
    void showsPlanStatusUsagePeriodBillingInvoicesAndUsers() {
        show("org-acme");

        assertThat(viewModel.titleProperty().get()).isEqualTo("Acme Rockets");
        assertThat(viewModel.planProperty().get()).isEqualTo("Pro (pro) · 49.00 USD per month");
        assertThat(viewModel.statusProperty().get()).isEqualTo("active");
        assertThat(viewModel.usageProperty().get()).isEqualTo("250 / 50,000 api_call");
        assertThat(viewModel.usageFractionProperty().get()).isEqualTo(0.005);
        assertThat(viewModel.periodProperty().get()).isEqualTo("2026-11-01 → 2026-12-01");
        assertThat(viewModel.scheduledChangeProperty().get()).isEqualTo("None");
        assertThat(viewModel.billingProperty().get()).isEqualTo("Subscription active · billing dry-run");
        assertThat(viewModel.invoices()).extracting(CustomersApi.Invoice::id).containsExactly("in_1");
        assertThat(viewModel.users()).extracting(CustomersApi.User::username).containsExactly("owner@org-acme.example");
    }

    @Test
    void offersOpenPlansAboveAndBelowTheCurrentOneAndTheActionsItsStateAllows() {
        show("org-acme");

        assertThat(viewModel.upgradeChoices()).extracting(CustomersApi.PlanOption::code).containsExactly("enterprise");
        assertThat(viewModel.downgradeChoices()).extracting(CustomersApi.PlanOption::code).containsExactly("starter");
        assertThat(viewModel.canPauseProperty().get()).isTrue();
        assertThat(viewModel.canResumeProperty().get()).isFalse();
        assertThat(viewModel.canDiscontinueProperty().get()).isTrue();
        assertThat(viewModel.canUndoDiscontinueProperty().get()).isFalse();
        assertThat(viewModel.canWithdrawDowngradeProperty().get()).isFalse();
        assertThat(viewModel.canCancelNowProperty().get()).isTrue();
        assertThat(viewModel.canRenewProperty().get()).as("renew on dry-run billing").isTrue();
    }

    @Test
    void renewIsOnlyOfferedOnDryRunBillingAndNothingWithoutABillingAccount() {
        api.org("org-acme").mode = "stripe";
        api.org("org-zeta").hasBilling = false;
        show("org-acme");
        assertThat(viewModel.canRenewProperty().get()).isFalse();

        show("org-zeta");

        assertThat(viewModel.billingProperty().get()).isEqualTo("No billing account: no billing account");
        assertThat(viewModel.canCancelNowProperty().get()).isFalse();
        assertThat(viewModel.upgradeChoices()).isEmpty();
    }

    @Test
    void upgradeShowsTheProratedAmountFirstThenUpgradesAndReloads() {
        show("org-acme");
        dialogs.answerConfirm(true);

        viewModel.upgradeNow("enterprise");
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.header()).isEqualTo("Upgrade Acme Rockets from pro to enterprise now?");
        assertThat(confirm.lines()).startsWith("Due now: 225.00 USD", "  Unused time on pro: -25.00 USD",
                "  Remaining time on enterprise: 250.00 USD");
        assertThat(api.calls).containsSubsequence("preview org-acme enterprise prorate=true",
                "upgrade org-acme enterprise", "detail org-acme");
        assertThat(viewModel.planProperty().get()).startsWith("Enterprise (enterprise)");
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Upgraded to enterprise.");
    }

    @Test
    void cancellingTheConfirmationDoesNothing() {
        show("org-acme");

        viewModel.upgradeNow("enterprise"); // no answer queued: the operator cancels
        executor.runPending();
        viewModel.cancelNow();
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class)).hasSize(2);
        assertThat(api.calls).doesNotContain("upgrade org-acme enterprise", "cancel org-acme");
        assertThat(api.org("org-acme").plan).isEqualTo("pro");
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Nothing was changed.");
    }

    @Test
    void scheduleDowngradeShowsTheNextInvoiceAtTheNewPriceThenTheScheduledChange() {
        show("org-acme");
        dialogs.answerConfirm(true);

        viewModel.scheduleDowngrade("starter");
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.lines()).contains("Takes effect at the end of the period: 2026-12-01.",
                "Next invoice at the new price: 9.00 USD");
        assertThat(api.calls).contains("preview org-acme starter prorate=false", "downgrade org-acme starter");
        assertThat(viewModel.scheduledChangeProperty().get()).isEqualTo("Moves to starter on 2026-12-01");
        assertThat(viewModel.canWithdrawDowngradeProperty().get()).isTrue();
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Downgrade to starter scheduled for 2026-12-01.");
    }

    @Test
    void withdrawingTheDowngradeKeepsThePlan() {
        api.org("org-acme").scheduledPlan = "starter";
        api.org("org-acme").scheduledAt = FakeCustomersApi.PERIOD_END;
        show("org-acme");
        dialogs.answerConfirm(true);

        viewModel.withdrawDowngrade();
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class).get(0).header())
                .isEqualTo("Withdraw the change to starter scheduled for 2026-12-01?");
        assertThat(api.calls).contains("withdraw org-acme");
        assertThat(viewModel.scheduledChangeProperty().get()).isEqualTo("None");
    }

    @Test
    void cancelNowShowsTheServersRefundFirstAndTheRefundMadeAfterwards() {
        show("org-acme");
        dialogs.answerConfirm(true);

        viewModel.cancelNow();
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.destructive()).isTrue();
        assertThat(confirm.lines()).startsWith("Refund: 26.13 USD of invoice in_1", "  4900 × 16 / 30 = 2613 usd");
        assertThat(confirm.confirmText()).isEqualTo("Cancel now and refund 26.13 USD");
        assertThat(api.calls).containsSubsequence("cancel-preview org-acme", "cancel org-acme", "detail org-acme");
        assertThat(viewModel.refundsProperty().get()).startsWith("Refunded 26.13 USD of in_1");
        assertThat(viewModel.statusProperty().get()).isEqualTo("canceled");
        assertThat(viewModel.canCancelNowProperty().get()).isFalse();
    }

    @Test
    void pauseResumeDiscontinueAndUndoFollowTheSubscriptionsState() {
        show("org-acme");

        dialogs.answerConfirm(true);
        viewModel.pause();
        executor.runPending();
        assertThat(viewModel.canResumeProperty().get()).isTrue();
        assertThat(viewModel.billingProperty().get()).contains("collection paused");

        dialogs.answerConfirm(true);
        viewModel.resume();
        executor.runPending();
        assertThat(viewModel.canPauseProperty().get()).isTrue();

        dialogs.answerConfirm(true);
        viewModel.discontinue();
        executor.runPending();
        assertThat(viewModel.canUndoDiscontinueProperty().get()).isTrue();
        assertThat(viewModel.billingProperty().get()).contains("ends 2026-12-01");

        dialogs.answerConfirm(true);
        viewModel.undoDiscontinue();
        executor.runPending();
        assertThat(viewModel.canDiscontinueProperty().get()).isTrue();

        assertThat(api.calls).containsSubsequence("pause org-acme", "resume org-acme", "discontinue org-acme",
                "undo-discontinue org-acme");
    }

    @Test
    void renewAsksFirstThenRenews() {
        show("org-acme");
        dialogs.answerConfirm(true);

        viewModel.renew();
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class).get(0).lines()).contains("Dry-run billing: no payment is taken.");
        assertThat(api.calls).contains("renew org-acme");
    }

    @Test
    void aRefusedActionShowsTheServersMessageAndRequestId() {
        show("org-acme");
        dialogs.answerConfirm(true);

        viewModel.pause();
        api.failNext("The subscription is already paused", "req-77");
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not finish: Pausing Acme Rockets");
        assertThat(error.message()).contains("The subscription is already paused");
        assertThat(error.requestId()).isEqualTo("req-77");
    }

    @Test
    void aFailedPreviewAsksNothingAndDoesNothing() {
        show("org-acme");
        api.failNext("No live subscription", "req-9");

        viewModel.cancelNow();
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class)).isEmpty();
        assertThat(dialogs.shown(ErrorRequest.class).get(0).requestId()).isEqualTo("req-9");
        assertThat(api.calls).doesNotContain("cancel org-acme");
    }

    @Test
    void anUnknownOrganisationShowsTheNotFoundWithItsRequestId() {
        show("org-missing");

        assertThat(viewModel.titleProperty().get()).isEqualTo("Could not load org-missing");
        assertThat(dialogs.shown(ErrorRequest.class).get(0).requestId()).isEqualTo("req-missing");
    }

    @Test
    void aDetailArrivingAfterTheScreenWasLeftIsIgnored() {
        viewModel.load("org-acme");

        tasks.cancelAll();
        executor.runPending();

        assertThat(viewModel.detailProperty().get()).isNull();
        assertThat(viewModel.loadingProperty().get()).isFalse();
    }

    @Test
    void goingToAnotherOrganisationDropsTheFirstOnesLateAnswer() {
        viewModel.load("org-acme");
        viewModel.load("org-zeta");

        executor.runPending();

        assertThat(viewModel.titleProperty().get()).isEqualTo("Zeta Tools");
        assertThat(viewModel.orgIdProperty().get()).isEqualTo("org-zeta");
    }

    @Test
    void anInvoiceOpensItsHostedPage() {
        show("org-acme");

        viewModel.openInvoice(viewModel.invoices().get(0));
        executor.runPending();

        assertThat(opened).containsExactly("https://pay.example/in_1");
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Opened invoice in_1 in the browser.");
    }

    @Test
    void withoutABrowserTheInvoiceAddressIsShownToCopy() {
        CustomerDetailViewModel noBrowser = new CustomerDetailViewModel(() -> api, tasks, dialogs, navigator, url -> {
            throw new IOException("no browser");
        });
        noBrowser.load("org-acme");
        executor.runPending();

        noBrowser.openInvoice(noBrowser.invoices().get(0));
        executor.runPending();

        assertThat(dialogs.shown(CopyableTextRequest.class).get(0).text()).isEqualTo("https://pay.example/in_1");
    }

    @Test
    void backGoesToTheList() {
        navigator.go(Place.of("customers", "org-acme"));
        show("org-acme");

        viewModel.backToList();

        assertThat(navigator.current()).isEqualTo(Place.of("customers"));
    }
}
