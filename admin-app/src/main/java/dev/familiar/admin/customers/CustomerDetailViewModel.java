package dev.familiar.admin.customers;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.concurrent.Work;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.CopyableTextRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One organisation's page ({@code customers/{orgId}}): plan, status, usage, period, scheduled change, billing,
 * invoices and users, and the subscription lifecycle of {@code 000}. Every action first shows what it will do in a
 * {@link ConfirmRequest} (the server's proration or refund preview where money moves), does nothing unless
 * confirmed, then acts and loads the page again. UI thread only.
 */
public final class CustomerDetailViewModel {
    private final Supplier<CustomersApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Navigator navigator;
    private final UrlOpener opener;

    private final ReadOnlyStringWrapper orgId = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<CustomersApi.Detail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper plan = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper usage = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper usageFraction = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper period = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper scheduledChange = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper billing = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper refunds = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<CustomersApi.Invoice> invoices = FXCollections.observableArrayList();
    private final ObservableList<CustomersApi.User> users = FXCollections.observableArrayList();
    private final ObservableList<CustomersApi.PlanOption> upgradeChoices = FXCollections.observableArrayList();
    private final ObservableList<CustomersApi.PlanOption> downgradeChoices = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper canWithdrawDowngrade = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canPause = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canDiscontinue = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canUndoDiscontinue = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canCancelNow = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRenew = new ReadOnlyBooleanWrapper(false);
    private TaskHandle loadTask;

    private record Loaded(CustomersApi.Detail detail, List<CustomersApi.PlanOption> plans) {
    }

    public CustomerDetailViewModel(Supplier<CustomersApi> api, TaskScope tasks, DialogService dialogs,
                                   Navigator navigator, UrlOpener opener) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.navigator = Objects.requireNonNull(navigator, "navigator");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Shows {@code id}'s page: what was shown of another organisation is cleared at once. */
    public void load(String id) {
        if (!id.equals(orgId.get())) {
            orgId.set(id);
            show(null, List.of());
            title.set("Loading " + id + "…");
        }
        notice.set("");
        reload();
    }

    private void reload() {
        String id = orgId.get();
        if (loadTask != null) {
            loadTask.cancel();
        }
        loading.set(true);
        loadTask = tasks.run("Loading customer " + id, progress -> {
            CustomersApi customers = api.get();
            CustomersApi.Detail found = customers.detail(id);
            progress.checkCancelled();
            return new Loaded(found, customers.plans());
        }, loaded -> {
            loading.set(false);
            show(loaded.detail(), loaded.plans());
        }, failure -> {
            loading.set(false);
            title.set("Could not load " + id);
            dialogs.show(ErrorRequest.of("Could not load the customer", failure));
        });
        loadTask.stateProperty().addListener((obs, old, state) -> {
            if (state == TaskHandle.State.CANCELLED) {
                loading.set(false);
            }
        });
    }

    /** Back to the list. */
    public void backToList() {
        navigator.go(Place.of(CustomersScreen.ID));
    }

    // ---- the lifecycle --------------------------------------------------------------------------------------------

    /** Moves to a higher plan now, after showing the prorated amount due. */
    public void upgradeNow(String planCode) {
        CustomersApi.Detail d = requireDetail();
        String id = d.orgId();
        confirmThenAct("Previewing the upgrade", progress -> api.get().previewPlanChange(id, planCode, true),
                preview -> {
                    List<String> lines = new ArrayList<>();
                    lines.add((preview.amount() < 0 ? "Credited now: " + Money.format(-preview.amount(), preview.currency())
                            : "Due now: " + Money.format(preview.amount(), preview.currency())));
                    preview.lines().forEach(line -> lines.add("  " + line));
                    lines.add("The period's usage counters are kept; the new plan's allowance applies at once.");
                    return new ConfirmRequest("Upgrade now", "Upgrade " + d.name() + " from " + d.planCode() + " to "
                            + planCode + " now?", lines, "Upgrade to " + planCode, false);
                },
                "Upgrading " + d.name(), progress -> {
                    api.get().upgrade(id, planCode);
                    return "Upgraded to " + planCode + ".";
                });
    }

    /** Schedules a lower plan from the period's end, after showing the next invoice at the new price. */
    public void scheduleDowngrade(String planCode) {
        CustomersApi.Detail d = requireDetail();
        String id = d.orgId();
        confirmThenAct("Previewing the downgrade", progress -> api.get().previewPlanChange(id, planCode, false),
                preview -> {
                    List<String> lines = new ArrayList<>();
                    lines.add("Takes effect at the end of the period: " + when(d.periodEnd()) + ".");
                    lines.add("Nothing is charged or credited now; " + d.planCode() + " stays in force until then.");
                    lines.add("Next invoice at the new price: " + Money.format(preview.amount(), preview.currency()));
                    preview.lines().forEach(line -> lines.add("  " + line));
                    return new ConfirmRequest("Schedule a downgrade", "Move " + d.name() + " from " + d.planCode()
                            + " to " + planCode + " at the end of the period?", lines, "Schedule the downgrade", false);
                },
                "Scheduling the downgrade of " + d.name(), progress -> {
                    Instant at = api.get().scheduleDowngrade(id, planCode);
                    return "Downgrade to " + planCode + " scheduled for " + when(at) + ".";
                });
    }

    public void withdrawDowngrade() {
        CustomersApi.Detail d = requireDetail();
        confirmLocally(new ConfirmRequest("Withdraw the downgrade", "Withdraw the change to " + d.scheduledPlanCode()
                        + " scheduled for " + when(d.scheduledAt()) + "?",
                        List.of(d.name() + " stays on " + d.planCode() + " after the period ends."),
                        "Withdraw the downgrade", false),
                "Withdrawing the downgrade of " + d.name(), () -> api.get().withdrawDowngrade(d.orgId()),
                "The scheduled downgrade was withdrawn.");
    }

    public void pause() {
        CustomersApi.Detail d = requireDetail();
        confirmLocally(new ConfirmRequest("Pause", "Pause payment collection for " + d.name() + "?",
                        List.of("Invoices are not collected until collection is resumed.",
                                "The plan (" + d.planCode() + ") and its period are kept."),
                        "Pause collection", false),
                "Pausing " + d.name(), () -> api.get().pause(d.orgId()), "Payment collection is paused.");
    }

    public void resume() {
        CustomersApi.Detail d = requireDetail();
        confirmLocally(new ConfirmRequest("Resume", "Resume payment collection for " + d.name() + "?",
                        List.of("Invoices are collected again from now on."), "Resume collection", false),
                "Resuming " + d.name(), () -> api.get().resume(d.orgId()), "Payment collection resumed.");
    }

    public void discontinue() {
        CustomersApi.Detail d = requireDetail();
        confirmLocally(new ConfirmRequest("Discontinue", "Cancel " + d.name() + "'s subscription at the end of the "
                        + "period?", List.of("Ends at: " + when(periodEnd(d)) + ". Nothing is refunded.",
                        d.name() + " keeps " + d.planCode() + " until then; you can undo this before then."),
                        "Discontinue at period end", false),
                "Discontinuing " + d.name(), () -> api.get().discontinue(d.orgId()),
                "The subscription ends at the end of the period.");
    }

    public void undoDiscontinue() {
        CustomersApi.Detail d = requireDetail();
        confirmLocally(new ConfirmRequest("Undo discontinue", "Keep " + d.name() + "'s subscription running after "
                        + when(periodEnd(d)) + "?", List.of("The subscription renews as usual."),
                        "Keep the subscription", false),
                "Undoing the discontinuation of " + d.name(), () -> api.get().undoDiscontinue(d.orgId()),
                "The subscription renews as usual.");
    }

    /** Cancels now with a pro-rated refund, after showing the refund the server computes. */
    public void cancelNow() {
        CustomersApi.Detail d = requireDetail();
        String id = d.orgId();
        confirmThenAct("Computing the refund", progress -> api.get().cancelPreview(id),
                preview -> {
                    List<String> lines = new ArrayList<>();
                    lines.add("Refund: " + Money.format(preview.amount(), preview.currency())
                            + (preview.invoiceId() == null ? "" : " of invoice " + preview.invoiceId()));
                    if (preview.formula() != null) {
                        lines.add("  " + preview.formula());
                    }
                    lines.add(d.name() + " loses " + d.planCode() + " at once. This cannot be undone.");
                    return new ConfirmRequest("Cancel now", "Cancel " + d.name() + "'s subscription now?", lines,
                            "Cancel now and refund " + Money.format(preview.amount(), preview.currency()), true);
                },
                "Cancelling " + d.name(), progress -> {
                    api.get().cancelNow(id);
                    return "The subscription was cancelled.";
                });
    }

    /** Dry-run billing: bills the next period of a subscription whose period has ended. */
    public void renew() {
        CustomersApi.Detail d = requireDetail();
        confirmLocally(new ConfirmRequest("Renew (dry run)", "Renew " + d.name() + "'s subscription now?",
                        List.of("Bills the next period of a subscription whose period has ended, as Stripe's cycle would.",
                                "Dry-run billing: no payment is taken."), "Renew", false),
                "Renewing " + d.name(), () -> api.get().renew(d.orgId()), "Renewed.");
    }

    /** Opens the invoice's hosted page in the browser; when none can be started, shows the address to copy. */
    public void openInvoice(CustomersApi.Invoice invoice) {
        if (invoice == null || invoice.url() == null || invoice.url().isBlank()) {
            notice.set("This invoice has no hosted page.");
            return;
        }
        tasks.run("Opening invoice " + invoice.id(), progress -> {
            opener.open(invoice.url());
            return invoice.url();
        }, url -> notice.set("Opened invoice " + invoice.id() + " in the browser."),
                failure -> dialogs.show(new CopyableTextRequest("Invoice " + invoice.id(),
                        "No browser could be started; open this address yourself.", invoice.url())));
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private void confirmLocally(ConfirmRequest request, String title, Action action, String done) {
        confirmThenAct(null, null, ignored -> request, title, progress -> {
            action.run();
            return done;
        });
    }

    /**
     * Shows the preview (computed in the background when {@code preview} is given) in a confirmation; when
     * confirmed, acts in the background, says what was done and loads the page again. Cancelled: nothing happens.
     */
    private <P> void confirmThenAct(String previewTitle, Work<P> preview, Function<P, ConfirmRequest> confirmation,
                                    String actTitle, Work<String> act) {
        Function<P, Void> ask = computed -> {
            Optional<Boolean> answer = dialogs.show(confirmation.apply(computed));
            if (answer.orElse(false)) {
                tasks.run(actTitle, act, done -> {
                    notice.set(done);
                    reload();
                }, failure -> dialogs.show(ErrorRequest.of("Could not finish: " + actTitle, failure)));
            } else {
                notice.set("Nothing was changed.");
            }
            return null;
        };
        if (preview == null) {
            ask.apply(null);
        } else {
            tasks.run(previewTitle, preview, ask::apply,
                    failure -> dialogs.show(ErrorRequest.of("Could not preview: " + actTitle, failure)));
        }
    }

    private CustomersApi.Detail requireDetail() {
        CustomersApi.Detail d = detail.get();
        if (d == null) {
            throw new IllegalStateException("No customer is shown");
        }
        return d;
    }

    // ---- what the page shows ------------------------------------------------------------------------------------

    private void show(CustomersApi.Detail d, List<CustomersApi.PlanOption> plans) {
        detail.set(d);
        invoices.setAll(d == null ? List.of() : d.invoices());
        users.setAll(d == null ? List.of() : d.users());
        if (d == null) {
            for (ReadOnlyStringWrapper text : List.of(title, plan, status, usage, period, scheduledChange, billing,
                    refunds)) {
                text.set("");
            }
            usageFraction.set(0);
            upgradeChoices.clear();
            downgradeChoices.clear();
            for (ReadOnlyBooleanWrapper flag : List.of(canWithdrawDowngrade, canPause, canResume, canDiscontinue,
                    canUndoDiscontinue, canCancelNow, canRenew)) {
                flag.set(false);
            }
            return;
        }
        title.set(d.name());
        int tier = plans.stream().filter(p -> p.code().equals(d.planCode())).mapToInt(CustomersApi.PlanOption::tier)
                .findFirst().orElse(Integer.MIN_VALUE);
        plan.set(plans.stream().filter(p -> p.code().equals(d.planCode())).findFirst()
                .map(p -> p.name() + " (" + p.code() + ") · " + Money.format(p.amount(), p.currency()) + " per "
                        + p.interval()).orElse(d.planCode()));
        status.set(d.status() + (d.trialEndsAt() != null && "trialing".equals(d.status())
                ? " · trial ends " + when(d.trialEndsAt()) : ""));
        usage.set(CustomerItemViewModel.usage(d.used(), d.included()) + " " + (d.metric() == null ? "" : d.metric()));
        usageFraction.set(CustomerItemViewModel.fraction(d.used(), d.included()));
        period.set(when(d.periodStart()) + " → " + when(d.periodEnd()));
        scheduledChange.set(d.scheduledPlanCode() == null ? "None"
                : "Moves to " + d.scheduledPlanCode() + " on " + when(d.scheduledAt()));
        CustomersApi.Billing b = d.billing();
        billing.set(b == null ? "No billing account" + (d.billingProblem() == null ? "" : ": " + d.billingProblem())
                : "Subscription " + b.subscriptionStatus() + (b.paused() ? " · collection paused" : "")
                + (b.cancelAtPeriodEnd() ? " · ends " + when(b.currentPeriodEnd()) : "")
                + " · billing " + b.mode());
        refunds.set(b == null || b.refunds().isEmpty() ? "None" : String.join("\n", b.refunds().stream()
                .map(r -> "Refunded " + Money.format(r.amount(), r.currency()) + " of " + r.invoiceId() + " on "
                        + when(r.createdAt()) + " (" + r.formula() + ")").toList()));
        boolean live = b != null && !"canceled".equals(d.status());
        List<CustomersApi.PlanOption> open = plans.stream().filter(p -> !p.archived())
                .sorted(Comparator.comparingInt(CustomersApi.PlanOption::tier)).toList();
        upgradeChoices.setAll(live ? open.stream().filter(p -> p.tier() > tier).toList() : List.of());
        downgradeChoices.setAll(live ? open.stream().filter(p -> p.tier() < tier).toList() : List.of());
        canWithdrawDowngrade.set(d.scheduledPlanCode() != null);
        canPause.set(live && !b.paused());
        canResume.set(live && b.paused());
        canDiscontinue.set(live && !b.cancelAtPeriodEnd());
        canUndoDiscontinue.set(live && b.cancelAtPeriodEnd());
        canCancelNow.set(live);
        canRenew.set(live && b.dryRun());
    }

    private static Instant periodEnd(CustomersApi.Detail d) {
        return d.billing() != null && d.billing().currentPeriodEnd() != null ? d.billing().currentPeriodEnd()
                : d.periodEnd();
    }

    static String when(Instant instant) {
        return instant == null ? "—" : CustomerItemViewModel.DAY.format(instant);
    }

    // ---- properties ---------------------------------------------------------------------------------------------

    public ReadOnlyStringProperty orgIdProperty() {
        return orgId.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CustomersApi.Detail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty planProperty() {
        return plan.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty usageProperty() {
        return usage.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty usageFractionProperty() {
        return usageFraction.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty periodProperty() {
        return period.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty scheduledChangeProperty() {
        return scheduledChange.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty billingProperty() {
        return billing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty refundsProperty() {
        return refunds.getReadOnlyProperty();
    }

    /** What the last action did ("Downgrade to starter scheduled for 2026-12-01."), or that nothing changed. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ObservableList<CustomersApi.Invoice> invoices() {
        return FXCollections.unmodifiableObservableList(invoices);
    }

    public ObservableList<CustomersApi.User> users() {
        return FXCollections.unmodifiableObservableList(users);
    }

    public ObservableList<CustomersApi.PlanOption> upgradeChoices() {
        return FXCollections.unmodifiableObservableList(upgradeChoices);
    }

    public ObservableList<CustomersApi.PlanOption> downgradeChoices() {
        return FXCollections.unmodifiableObservableList(downgradeChoices);
    }

    public ReadOnlyBooleanProperty canWithdrawDowngradeProperty() {
        return canWithdrawDowngrade.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPauseProperty() {
        return canPause.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canResumeProperty() {
        return canResume.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canDiscontinueProperty() {
        return canDiscontinue.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoDiscontinueProperty() {
        return canUndoDiscontinue.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelNowProperty() {
        return canCancelNow.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRenewProperty() {
        return canRenew.getReadOnlyProperty();
    }
}
