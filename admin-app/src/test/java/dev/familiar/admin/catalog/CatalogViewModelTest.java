package dev.familiar.admin.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.session.SessionState;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogViewModelTest {
    private static final PlanItemViewModel STARTER = new PlanItemViewModel("starter", "Starter", null, "usd", 900,
            "month", 14, 1, Map.of("api_call", 1_000L), false);
    private static final PlanItemViewModel PRO = new PlanItemViewModel("pro", "Pro", "price_1Pro", "usd", 4_900,
            "month", 0, 2, Map.of("api_call", 50_000L), false);
    private static final PlanItemViewModel LEGACY = new PlanItemViewModel("legacy", "Legacy", null, "eur", 1_500,
            "year", 0, 0, Map.of("api_call", 500L), true);

    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeCatalogApi api = new FakeCatalogApi().with(STARTER).with(PRO).with(LEGACY);
    private final CatalogViewModel catalog = new CatalogViewModel(() -> api, tasks, dialogs);

    @Test
    void loadingShowsProgressThenThePlansInTheServersOrder() {
        catalog.load(Place.of("catalog"));

        assertThat(catalog.statusProperty().get()).isEqualTo("Loading the catalog…");
        assertThat(catalog.busyProperty().get()).isTrue();
        assertThat(catalog.plans()).isEmpty();

        executor.runPending();

        assertThat(catalog.plans()).extracting(PlanItemViewModel::code).containsExactly("legacy", "starter", "pro");
        assertThat(catalog.statusProperty().get()).isEqualTo("3 plans, 1 archived");
        assertThat(catalog.busyProperty().get()).isFalse();
    }

    @Test
    void rowsShowPriceIntervalTrialUnitsAndStripePrice() {
        loaded();

        PlanItemViewModel pro = find("pro");
        assertThat(pro.priceWithIntervalText()).isEqualTo("49.00 USD / month");
        assertThat(pro.includedUnitsText()).isEqualTo("api_call 50,000");
        assertThat(pro.stripePriceText()).isEqualTo("price_1Pro");
        assertThat(find("starter").trialText()).isEqualTo("14 days");
        assertThat(find("starter").stripePriceText()).isEqualTo("not in Stripe yet");
        assertThat(find("legacy").statusText()).isEqualTo("Archived");
    }

    @Test
    void aPlaceNamingAPlanSelectsIt() {
        catalog.load(Place.of("catalog", "pro"));
        executor.runPending();

        assertThat(catalog.selectedProperty().get()).isEqualTo(PRO);
    }

    @Test
    void searchFiltersByCodeOrNameAndArchivedPlansCanBeHidden() {
        loaded();

        catalog.searchProperty().set("STAR");
        assertThat(catalog.plans()).extracting(PlanItemViewModel::code).containsExactly("starter");

        catalog.searchProperty().set("");
        catalog.showArchivedProperty().set(false);
        assertThat(catalog.plans()).extracting(PlanItemViewModel::code).containsExactly("starter", "pro");
    }

    @Test
    void createSendsTheFormAsADraftInMinorUnitsAndSelectsTheNewPlan() {
        loaded();
        dialogs.answerForm(Map.of("code", "team", "name", "Team", "price", "19.50", "currency", "USD",
                "interval", "year", "trialDays", "7", "tier", "3",
                "includedUnits", "api_call=5000, seats=3", "stripePriceId", "price_1Team"));

        catalog.create();
        assertThat(catalog.statusProperty().get()).isEqualTo("Saving plan team…");
        executor.runPending();

        assertThat(api.calls()).containsExactly("plans", "save team");
        assertThat(api.stored("team")).isEqualTo(new PlanItemViewModel("team", "Team", "price_1Team", "usd", 1_950,
                "year", 7, 3, Map.of("api_call", 5_000L, "seats", 3L), false));
        assertThat(catalog.plans()).extracting(PlanItemViewModel::code)
                .containsExactly("legacy", "starter", "pro", "team");
        assertThat(catalog.selectedProperty().get().code()).isEqualTo("team");
        assertThat(catalog.statusProperty().get()).isEqualTo("Created plan team. 4 plans, 1 archived");
    }

    @Test
    void newPlanFormProposesTheNextTierAndAnEmptyStripePrice() {
        loaded();

        catalog.create(); // cancelled: no answer queued
        executor.runPending();

        FormRequest form = dialogs.shown(FormRequest.class).get(0);
        assertThat(initial(form, "tier")).isEqualTo("3");
        assertThat(initial(form, "stripePriceId")).isEmpty();
        assertThat(api.calls()).as("a cancelled form sends nothing").containsExactly("plans");
    }

    @Test
    void newPlanFormNamesEachBadFieldInline() {
        loaded();
        catalog.create();
        FormRequest form = dialogs.shown(FormRequest.class).get(0);

        Map<String, String> problems = form.validation().apply(Map.of("code", "Bad Code", "name", " ",
                "price", "0", "currency", "us", "interval", "week", "trialDays", "366", "tier", "-1",
                "includedUnits", "api_call=0", "stripePriceId", "prod_123"));

        assertThat(problems).containsOnlyKeys("code", "name", "price", "currency", "interval", "trialDays", "tier",
                "includedUnits", "stripePriceId");
        assertThat(problems.get("price")).isEqualTo("Must be more than 0");
        assertThat(problems.get("includedUnits")).isEqualTo("api_call: a whole number from 1 to 1000000000000");
        assertThat(problems.get("stripePriceId")).contains("price_");
    }

    @Test
    void newPlanFormRefusesACodeThatWouldReplaceAnExistingPlan() {
        loaded();
        catalog.create();
        FormRequest form = dialogs.shown(FormRequest.class).get(0);
        Map<String, String> values = valid();
        values.put("code", "pro");

        assertThat(form.validation().apply(values)).containsOnlyKeys("code");
        assertThat(form.validation().apply(values).get("code")).isEqualTo("A plan pro exists already: edit it instead");
    }

    @Test
    void priceDecimalsFollowTheCurrency() {
        loaded();
        catalog.create();
        FormRequest form = dialogs.shown(FormRequest.class).get(0);
        Map<String, String> values = valid();

        values.put("price", "19.999");
        assertThat(form.validation().apply(values)).containsEntry("price", "At most 2 decimals");
        values.put("currency", "jpy");
        values.put("price", "1500.5");
        assertThat(form.validation().apply(values)).containsEntry("price", "No decimals in JPY");
        values.put("price", "1500");
        assertThat(form.validation().apply(values)).isEmpty();
        assertThat(PlanForm.draft(values, null).amount()).isEqualTo(1_500);
        values.put("currency", "usd");
        values.put("price", "1000000.01");
        assertThat(form.validation().apply(values)).containsEntry("price", "At most 1000000.00");
    }

    @Test
    void includedUnitsMustNameEachMetricOnceWithPositiveUnits() {
        Map<String, String> values = valid();

        values.put("includedUnits", "");
        assertThat(PlanForm.validate(values, true, java.util.Set.of())).containsKey("includedUnits");
        values.put("includedUnits", "api_call=10, api_call=20");
        assertThat(PlanForm.validate(values, true, java.util.Set.of()))
                .containsEntry("includedUnits", "api_call is named twice");
        values.put("includedUnits", "Api=5");
        assertThat(PlanForm.validate(values, true, java.util.Set.of())).containsKey("includedUnits");
        values.put("includedUnits", "api_call 10");
        assertThat(PlanForm.validate(values, true, java.util.Set.of()))
                .containsEntry("includedUnits", "Write metric=units, separated by commas");
        values.put("includedUnits", "api_call=10,seats=2");
        assertThat(PlanForm.validate(values, true, java.util.Set.of())).isEmpty();
    }

    @Test
    void editPrefillsTheFormKeepsTheCodeAndSavesTheChange() {
        loaded();
        catalog.selectedProperty().set(find("pro"));
        dialogs.answerForm(Map.of("price", "59.00", "stripePriceId", ""));

        catalog.editSelected();
        executor.runPending();

        FormRequest form = dialogs.shown(FormRequest.class).get(0);
        assertThat(form.fields()).extracting(FormRequest.Field::name).doesNotContain("code");
        assertThat(initial(form, "price")).isEqualTo("49.00");
        assertThat(initial(form, "includedUnits")).isEqualTo("api_call=50000");
        assertThat(api.calls()).containsExactly("plans", "save pro");
        assertThat(api.stored("pro")).isEqualTo(new PlanItemViewModel("pro", "Pro", null, "usd", 5_900, "month", 0, 2,
                Map.of("api_call", 50_000L), false));
        assertThat(find("pro").amount()).isEqualTo(5_900);
        assertThat(catalog.statusProperty().get()).startsWith("Saved plan pro.");
    }

    @Test
    void archiveAsksForConfirmationAndSendsNothingWhenDeclined() {
        loaded();
        catalog.selectedProperty().set(find("starter"));
        dialogs.answerConfirm(false);

        catalog.toggleArchiveSelected();
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.header()).isEqualTo("Archive the plan Starter (starter)?");
        assertThat(confirm.lines()).anyMatch(line -> line.contains("keep it"));
        assertThat(api.calls()).containsExactly("plans");
        assertThat(find("starter").archived()).isFalse();
    }

    @Test
    void archiveOnceConfirmedMarksThePlanArchived() {
        loaded();
        catalog.selectedProperty().set(find("starter"));
        dialogs.answerConfirm(true);

        catalog.toggleArchiveSelected();
        executor.runPending();

        assertThat(api.calls()).containsExactly("plans", "archive starter");
        assertThat(find("starter").archived()).isTrue();
        assertThat(catalog.selectedProperty().get().archived()).isTrue();
        assertThat(catalog.statusProperty().get()).isEqualTo("Archived plan starter. 3 plans, 2 archived");
    }

    @Test
    void unarchiveNeedsNoConfirmation() {
        loaded();
        catalog.selectedProperty().set(find("legacy"));

        catalog.toggleArchiveSelected();
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class)).isEmpty();
        assertThat(api.calls()).containsExactly("plans", "unarchive legacy");
        assertThat(find("legacy").archived()).isFalse();
    }

    @Test
    void aRefusalIsShownWithTheServersMessageFieldsAndRequestId() {
        loaded();
        api.failNextWith(new ApiError(dev.familiar.model.api.ErrorCode.CONFLICT,
                "This Stripe price id already belongs to the plan pro", 409).withRequestId("req-7f3a"));
        dialogs.answerForm(Map.of("code", "team", "name", "Team", "price", "19.00",
                "includedUnits", "api_call=10", "stripePriceId", "price_1Pro"));

        catalog.create();
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not save the plan team");
        assertThat(error.message()).isEqualTo("This Stripe price id already belongs to the plan pro (HTTP 409)");
        assertThat(error.requestId()).isEqualTo("req-7f3a");
        assertThat(catalog.statusProperty().get()).isEqualTo("Could not save the plan team");
        assertThat(catalog.allPlans()).extracting(PlanItemViewModel::code).doesNotContain("team");
    }

    @Test
    void aFailedLoadIsShownWithItsRequestId() {
        api.failNextWith(ApiError.of(dev.familiar.model.api.ErrorCode.FORBIDDEN, "Administrators only")
                .withRequestId("req-42"));

        catalog.load(Place.of("catalog"));
        executor.runPending();

        assertThat(dialogs.errors()).containsExactly("Could not load the catalog: Administrators only (HTTP 403)");
        assertThat(dialogs.shown(ErrorRequest.class).get(0).requestId()).isEqualTo("req-42");
        assertThat(catalog.statusProperty().get()).isEqualTo("Could not load the catalog");
    }

    @Test
    void withoutAConnectionTheScreenSaysSoWithoutAnErrorDialog() {
        CatalogViewModel offline = new CatalogViewModel(
                new SessionState().api(c -> new ClientCatalogApi(c.catalog())), tasks, dialogs);

        offline.load(Place.of("catalog"));
        executor.runPending();

        assertThat(offline.statusProperty().get()).isEqualTo("Not connected to a server");
        assertThat(dialogs.shown()).isEmpty();
    }

    @Test
    void resultsArrivingAfterTheScreenWasLeftAreIgnored() {
        catalog.load(Place.of("catalog"));

        tasks.cancelAll(); // what the screen host does when the operator opens another screen
        executor.runPending();

        assertThat(api.calls()).as("the call itself did run").containsExactly("plans");
        assertThat(catalog.plans()).isEmpty();
        assertThat(catalog.busyProperty().get()).isFalse();
    }

    @Test
    void aFailureArrivingAfterTheScreenWasLeftShowsNoDialog() {
        loaded();
        catalog.selectedProperty().set(find("starter"));
        dialogs.answerConfirm(true);
        api.failNextWith(ApiError.of(dev.familiar.model.api.ErrorCode.INTERNAL_ERROR, "boom"));

        catalog.toggleArchiveSelected();
        tasks.cancelAll();
        executor.runPending();

        assertThat(dialogs.shown(ErrorRequest.class)).isEmpty();
    }

    private void loaded() {
        catalog.load(Place.of("catalog"));
        executor.runPending();
    }

    private PlanItemViewModel find(String code) {
        return catalog.allPlans().stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    }

    private static String initial(FormRequest form, String field) {
        return form.fields().stream().filter(f -> f.name().equals(field)).findFirst().orElseThrow().initial();
    }

    private static Map<String, String> valid() {
        return new HashMap<>(Map.of("code", "team", "name", "Team", "price", "19.00", "currency", "usd",
                "interval", "month", "trialDays", "0", "tier", "3", "includedUnits", "api_call=1000",
                "stripePriceId", ""));
    }
}
