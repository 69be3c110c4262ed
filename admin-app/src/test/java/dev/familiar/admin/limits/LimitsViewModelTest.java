package dev.familiar.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LimitsViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeLimitsApi api = new FakeLimitsApi();
    private final ManualDebouncer debouncer = new ManualDebouncer();
    private List<String> roles = List.of("ADMIN");
    private final LimitsViewModel viewModel = new LimitsViewModel(() -> api, tasks, dialogs, () -> roles,
            () -> debouncer, 2);

    @BeforeEach
    void data() {
        api.tenant("acme", "Acme", 2000, 60, true);
        api.tenant("globex", "Globex", 3000, 120, true);
        api.quota("org-1", "Acme Games", "openai", 100_000, 90_000);
        api.quota("org-1", "Acme Games", "gemini", 50_000, 0);
        api.quota("org-2", "Globex", "openai", 20_000, 1_000);
    }

    private void open(String... args) {
        viewModel.load(Place.of("limits", args));
        executor.runPending();
    }

    private TenantLimitItemViewModel tenant(String id) {
        return viewModel.tenantLimits().limits().stream().filter(l -> l.tenantId().equals(id)).findFirst()
                .orElseThrow();
    }

    private TierItemViewModel tier(String name) {
        return viewModel.tiers().tiers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private void confirmImpact() {
        dialogs.answer(ImpactRequest.class, request -> Optional.of(true));
    }

    private List<ImpactRequest> impacts() {
        return dialogs.shown(ImpactRequest.class);
    }

    private FormRequest lastForm() {
        List<FormRequest> forms = dialogs.shown(FormRequest.class);
        return forms.get(forms.size() - 1);
    }

    private static Map<String, String> valuesOf(FormRequest form) {
        Map<String, String> values = new LinkedHashMap<>();
        form.fields().forEach(field -> values.put(field.name(), field.initial()));
        return values;
    }

    // ---- loading ----

    @Test
    void anAdministratorSeesTiersTenantLimitsAndTheFirstPageOfQuotasWithTheRefreshBound() {
        open();

        assertThat(viewModel.adminProperty().get()).isTrue();
        assertThat(viewModel.tiers().tiers()).extracting(TierItemViewModel::nameText)
                .containsExactly("FREE (default)", "GOLD");
        assertThat(tier("GOLD").capacityText()).isEqualTo("\u00d72");
        assertThat(tier("GOLD").leakText()).isEqualTo("\u00d71.5");
        assertThat(tier("GOLD").quotaText()).isEqualTo("500,000");
        assertThat(viewModel.tiers().listMessageProperty().get()).isEqualTo("2 tiers, default FREE");
        assertThat(viewModel.tenantLimits().limits()).extracting(TenantLimitItemViewModel::tenantText)
                .containsExactly("Acme", "Globex");
        assertThat(tenant("globex").leakText()).isEqualTo("25");
        assertThat(tenant("acme").updatedText()).isEqualTo("admin@example.com, 2026-11-29 10:00 UTC");
        assertThat(viewModel.tenantLimits().boundsTextProperty().get())
                .isEqualTo("Platform bounds for a tenant admin: capacity \u2264 5,000 \u00b7 leak \u2264 50/s"
                        + " \u00b7 window 10\u20133,600 s \u00b7 defaults 1,000 per 60 s");
        assertThat(viewModel.orgQuotas().quotas()).extracting(OrgQuotaItemViewModel::key)
                .containsExactly("org-1/openai", "org-1/gemini");
        assertThat(viewModel.orgQuotas().quotas().get(0).usedText()).isEqualTo("90,000 (90%)");
        assertThat(viewModel.orgQuotas().listMessageProperty().get()).isEqualTo("2 quotas shown, more to load");
        assertThat(viewModel.refreshSecondsProperty().get()).isEqualTo(15);
        assertThat(viewModel.refreshTextProperty().get()).isEqualTo("Changes reach every server within 15 seconds.");
    }

    @Test
    void aTenantAdminSeesOnlyTheirTenantsLimitAndTiersAndQuotasAreNotAsked() {
        roles = List.of("USER", "TENANT_ADMIN");
        open("tiers");

        assertThat(viewModel.adminProperty().get()).isFalse();
        assertThat(viewModel.tabProperty().get()).isEqualTo(LimitsViewModel.TENANTS);
        assertThat(api.calls()).containsExactly("tenantLimits");
        assertThat(viewModel.tenantLimits().confined()).isTrue();
    }

    @Test
    void thePlaceNamesTheTabShown() {
        open("quotas");

        assertThat(viewModel.tabProperty().get()).isEqualTo(LimitsViewModel.QUOTAS);
    }

    @Test
    void organisationQuotasPageByCursorAndFilterByProviderOnceTypingPauses() {
        open();
        viewModel.orgQuotas().loadMore();
        executor.runPending();
        assertThat(viewModel.orgQuotas().quotas()).extracting(OrgQuotaItemViewModel::key)
                .containsExactly("org-1/openai", "org-1/gemini", "org-2/openai");
        assertThat(viewModel.orgQuotas().hasMoreProperty().get()).isFalse();
        assertThat(api.calls()).contains("orgQuotas null 2 2");

        viewModel.orgQuotas().providerProperty().set("open");
        viewModel.orgQuotas().providerProperty().set("openai");
        assertThat(executor.pendingCount()).as("nothing asked while typing").isZero();
        debouncer.elapse();
        executor.runPending();

        assertThat(api.calls().stream().filter(c -> c.startsWith("orgQuotas openai")).toList())
                .containsExactly("orgQuotas openai null 2");
        assertThat(viewModel.orgQuotas().quotas()).extracting(OrgQuotaItemViewModel::key)
                .containsExactly("org-1/openai", "org-2/openai");
        assertThat(viewModel.orgQuotas().listMessageProperty().get()).isEqualTo("2 quotas");
    }

    // ---- validation as the operator types ----

    @Test
    void aTiersFormRefusesBadNamesNumbersAndMultipliers() {
        Map<String, String> good = Map.of("name", "PLATINUM", "priority", "5", "quotaMaxTokens", "1,000,000",
                "capacityMultiplier", "2.5", "leakMultiplier", "100");
        assertThat(LimitForms.tierProblems(good, List.of("FREE", "GOLD"))).isEmpty();

        Map<String, String> bad = new LinkedHashMap<>(good);
        bad.put("name", "gold");
        bad.put("priority", "-1");
        bad.put("quotaMaxTokens", "0");
        bad.put("capacityMultiplier", "0");
        bad.put("leakMultiplier", "100.5");
        assertThat(LimitForms.tierProblems(bad, List.of("FREE", "GOLD"))).containsOnlyKeys("name", "priority",
                "quotaMaxTokens", "capacityMultiplier", "leakMultiplier");
        assertThat(LimitForms.tierProblems(Map.of("name", "GOLD"), List.of("GOLD")).get("name"))
                .isEqualTo("a tier GOLD exists already");
        assertThat(LimitForms.tierProblems(Map.of("name", "A_NAME_LONGER_THAN_20"), List.of()).get("name"))
                .startsWith("A-Z first");
        assertThat(LimitForms.tierProblems(Map.of("name", "9LIVES"), List.of())).containsKey("name");
        assertThat(LimitForms.tierProblems(Map.of("quotaMaxTokens", "lots"), null).get("quotaMaxTokens"))
                .isEqualTo("a whole number");
        assertThat(LimitForms.tierProblems(Map.of("capacityMultiplier", "x"), null).get("capacityMultiplier"))
                .isEqualTo("a number such as 1.5");
        assertThat(LimitForms.tierProblems(Map.of("priority", "0", "quotaMaxTokens", "1", "capacityMultiplier",
                "0.01", "leakMultiplier", "1"), null)).as("an existing tier has no name field").isEmpty();
    }

    @Test
    void aTenantAdminsFormKeepsWithinThePlatformBoundsAndAnAdministratorsOnlyWithinTheWindowRange() {
        Map<String, String> tooBig = Map.of("capacity", "6000", "windowSeconds", "600");
        assertThat(LimitForms.tenantLimitProblems(tooBig, FakeLimitsApi.BOUNDS, true, false).get("capacity"))
                .isEqualTo("at most 5,000 (the platform's bound)");
        assertThat(LimitForms.tenantLimitProblems(tooBig, FakeLimitsApi.BOUNDS, false, false)).isEmpty();

        Map<String, String> tooFast = Map.of("capacity", "4000", "windowSeconds", "60");
        assertThat(LimitForms.tenantLimitProblems(tooFast, FakeLimitsApi.BOUNDS, true, false).get("capacity"))
                .startsWith("leaks 66.667/s, at most 50/s");
        assertThat(LimitForms.tenantLimitProblems(Map.of("capacity", "4000", "windowSeconds", "80"),
                FakeLimitsApi.BOUNDS, true, false)).as("exactly 50/s").isEmpty();

        Map<String, String> shortWindow = Map.of("capacity", "100", "windowSeconds", "5");
        assertThat(LimitForms.tenantLimitProblems(shortWindow, FakeLimitsApi.BOUNDS, false, false).get("windowSeconds"))
                .isEqualTo("between 10 and 3,600 seconds");
        assertThat(LimitForms.tenantLimitProblems(Map.of("capacity", "0", "windowSeconds", "60"),
                FakeLimitsApi.BOUNDS, false, false).get("capacity")).isEqualTo("more than 0");
        assertThat(LimitForms.tenantLimitProblems(Map.of("capacity", "10", "windowSeconds", "60"),
                FakeLimitsApi.BOUNDS, false, true).get("tenantId")).isEqualTo("required");
    }

    @Test
    void aTenantAdminEditingTheirLimitIsShownTheBoundsAndCannotConfirmBeyondThem() {
        roles = List.of("TENANT_ADMIN");
        open();
        viewModel.tenantLimits().edit(tenant("acme"));

        FormRequest form = lastForm();
        assertThat(form.header()).contains("capacity \u2264 5,000").contains("leak \u2264 50/s");
        Map<String, String> values = valuesOf(form);
        assertThat(values).containsEntry("capacity", "2000").containsEntry("windowSeconds", "60");
        values.put("capacity", "9000");
        assertThat(form.validation().apply(values)).containsKey("capacity");
        assertThat(api.calls()).doesNotContain("previewTenantLimit acme 9000/60");
    }

    // ---- preview, then apply ----

    @Test
    void editingATenantLimitShowsWhatChangesForWhomThenAppliesIt() {
        open();
        dialogs.answerForm(Map.of("capacity", "2,500", "windowSeconds", "50"));
        confirmImpact();

        viewModel.tenantLimits().edit(tenant("acme"));
        assertThat(api.calls()).doesNotContain("previewTenantLimit acme 2500/50");
        executor.runPending();

        assertThat(api.calls()).containsSubsequence("previewTenantLimit acme 2500/50", "putTenantLimit acme 2500/50");
        ImpactRequest impact = impacts().get(0);
        assertThat(impact.header()).isEqualTo("Change the tenant limit of Acme?");
        assertThat(impact.summary()).isEqualTo("40 users and 1 tenant affected");
        assertThat(impact.items()).extracting(i -> i.who() + " | " + i.what() + " | " + i.before() + " -> " + i.after())
                .containsExactly("tenant Acme: 40 users | bucket capacity | 2000 -> 2500",
                        "tenant Acme: 40 users | window seconds | 60 -> 50");
        assertThat(impact.refreshText()).isEqualTo("Changes reach every server within 15 seconds.");
        assertThat(tenant("acme").capacityText()).isEqualTo("2,500");
        assertThat(tenant("acme").leakText()).isEqualTo("50");
        assertThat(viewModel.messageProperty().get())
                .isEqualTo("Saved the tenant limit of Acme. Changes reach every server within 15 seconds.");
    }

    @Test
    void cancellingTheConfirmationAppliesNothingAndTheNextEditOpensWhatWasTyped() {
        open();
        dialogs.answerForm(Map.of("capacity", "2500"));
        dialogs.answer(ImpactRequest.class, request -> Optional.empty());

        viewModel.tenantLimits().edit(tenant("acme"));
        executor.runPending();

        assertThat(api.calls()).contains("previewTenantLimit acme 2500/60")
                .noneMatch(call -> call.startsWith("putTenantLimit"));
        assertThat(viewModel.messageProperty().get()).isEqualTo("Not applied: the tenant limit of Acme is unchanged");
        assertThat(api.tenantLimit("acme").capacity()).isEqualTo(2000);

        viewModel.tenantLimits().edit(tenant("acme"));
        assertThat(valuesOf(lastForm())).containsEntry("capacity", "2500");
        assertThat(lastForm().header()).startsWith(SettingsChanges.DRAFT_NOTE);
    }

    @Test
    void cancellingTheFormSendsNothing() {
        open();
        int before = api.calls().size();

        viewModel.tenantLimits().edit(tenant("acme"));
        executor.runPending();

        assertThat(api.calls()).hasSize(before);
        assertThat(impacts()).isEmpty();
    }

    @Test
    void aPreviewArrivingAfterTheScreenWasLeftIsDropped() {
        open();
        dialogs.answerForm(Map.of("capacity", "2500"));
        confirmImpact();
        viewModel.tenantLimits().edit(tenant("acme"));

        tasks.cancelAll(); // the screen is left
        executor.runPending();

        assertThat(impacts()).isEmpty();
        assertThat(api.calls()).noneMatch(call -> call.startsWith("putTenantLimit"));
    }

    // ---- refusals and failures keep what was typed ----

    @Test
    void aValidationRefusalReopensTheFormWithTheServersProblemNextToItsFieldUntilItIsChanged() {
        open();
        api.failNext(FakeLimitsApi.refused(Map.of("body.windowSeconds", "must divide the day")));
        dialogs.answerForm(Map.of("capacity", "2500", "windowSeconds", "70"));

        viewModel.tenantLimits().edit(tenant("acme"));
        executor.runPending();

        assertThat(dialogs.shown(FormRequest.class)).hasSize(2);
        FormRequest again = lastForm();
        assertThat(again.header()).startsWith("The server refused: Request validation failed (HTTP 400)");
        Map<String, String> typed = valuesOf(again);
        assertThat(typed).containsEntry("capacity", "2500").containsEntry("windowSeconds", "70");
        assertThat(again.validation().apply(typed)).containsEntry("windowSeconds", "must divide the day");
        typed.put("windowSeconds", "60");
        assertThat(again.validation().apply(typed)).as("changed: the server may take it now").isEmpty();
        assertThat(api.calls()).noneMatch(call -> call.startsWith("putTenantLimit"));
    }

    @Test
    void aForbiddenApplyReopensTheFormWithTheServersMessageAndTheValuesTyped() {
        open();
        dialogs.answerForm(Map.of("capacity", "2500"));
        confirmImpact();
        viewModel.tenantLimits().edit(tenant("acme"));
        // the preview answers; the apply is refused
        executor.runNext();
        api.failNext(FakeLimitsApi.forbidden());
        executor.runPending();

        FormRequest again = lastForm();
        assertThat(again.header()).contains("A TENANT_ADMIN changes only their own tenant's limit (HTTP 403)");
        assertThat(valuesOf(again)).containsEntry("capacity", "2500");
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void aServerFailureShowsTheErrorWithItsRequestIdAndTheNextEditOpensTheDraft() {
        open();
        dialogs.answerForm(Map.of("capacity", "2500", "windowSeconds", "100"));
        confirmImpact();
        viewModel.tenantLimits().edit(tenant("acme"));
        executor.runNext(); // the preview
        api.failNext(FakeLimitsApi.broken());
        executor.runPending(); // the apply fails

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not change the tenant limit of Acme");
        assertThat(error.requestId()).isEqualTo("req-500");
        assertThat(viewModel.messageProperty().get()).isEqualTo("Not saved: your values are kept, Edit opens them again");
        assertThat(tenant("acme").capacityText()).isEqualTo("2,000");

        dialogs.answerForm(Map.of());
        confirmImpact();
        viewModel.tenantLimits().edit(tenant("acme"));
        assertThat(valuesOf(lastForm())).containsEntry("capacity", "2500").containsEntry("windowSeconds", "100");
        executor.runPending();
        assertThat(api.calls()).contains("putTenantLimit acme 2500/100");
        assertThat(tenant("acme").capacityText()).isEqualTo("2,500");

        viewModel.tenantLimits().edit(tenant("acme"));
        assertThat(lastForm().header()).as("saved: the draft is gone").doesNotContain(SettingsChanges.DRAFT_NOTE);
    }

    // ---- the other changes ----

    @Test
    void anAdministratorGivesATenantItsFirstLimit() {
        open();
        dialogs.answerForm(Map.of("tenantId", "initech", "capacity", "800", "windowSeconds", "40"));
        confirmImpact();

        viewModel.tenantLimits().add();
        executor.runPending();

        assertThat(api.calls()).containsSubsequence("previewTenantLimit initech 800/40", "putTenantLimit initech 800/40");
        assertThat(tenant("initech").kindText()).isEqualTo("custom");
        assertThat(viewModel.tenantLimits().listMessageProperty().get()).isEqualTo("3 tenants have a limit of their own");
    }

    @Test
    void aTenantIdThatNamesNoTenantReopensTheNewLimitFormWithWhatWasTyped() {
        open();
        api.failNext(dev.familiar.model.api.ApiError.of(dev.familiar.model.api.ErrorCode.NOT_FOUND, "no tenant inittech"));
        dialogs.answerForm(Map.of("tenantId", "inittech", "capacity", "800", "windowSeconds", "40"));

        viewModel.tenantLimits().add();
        executor.runPending();

        FormRequest again = lastForm();
        assertThat(again.header()).startsWith("The server refused: no tenant inittech (HTTP 404)");
        assertThat(valuesOf(again)).containsEntry("tenantId", "inittech").containsEntry("capacity", "800");
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void removingATenantLimitPreviewsTheDefaultsThenPutsTheTenantBackOnThem() {
        open();
        confirmImpact();

        viewModel.tenantLimits().remove(tenant("globex"));
        executor.runPending();

        assertThat(api.calls()).containsSubsequence("previewTenantLimit globex 1000/60", "removeTenantLimit globex");
        assertThat(impacts().get(0).header()).isEqualTo("Change the tenant limit of Globex back to the defaults?");
        assertThat(viewModel.tenantLimits().limits()).extracting(TenantLimitItemViewModel::tenantId)
                .containsExactly("acme");
    }

    @Test
    void editingATierPreviewsThenSavesItKeepingItsUserCount() {
        open();
        dialogs.answerForm(Map.of("quotaMaxTokens", "750000", "leakMultiplier", "2.25"));
        confirmImpact();

        viewModel.tiers().edit(tier("GOLD"));
        executor.runPending();

        assertThat(api.calls()).containsSubsequence("previewTier GOLD 750000", "putTier GOLD 3 750000 2.0 2.25");
        assertThat(impacts().get(0).summary()).isEqualTo("3 users and 0 tenants affected");
        assertThat(tier("GOLD").quotaText()).isEqualTo("750,000");
        assertThat(tier("GOLD").usersText()).isEqualTo("3");
    }

    @Test
    void aNewTierIsAddedUnderItsCheckedName() {
        open();
        dialogs.answerForm(Map.of("name", "PLATINUM", "quotaMaxTokens", "2000000"));
        confirmImpact();

        viewModel.tiers().add();
        assertThat(valuesOf(lastForm())).containsEntry("priority", "4");
        assertThat(lastForm().validation().apply(Map.of("name", "GOLD"))).containsEntry("name",
                "a tier GOLD exists already");
        executor.runPending();

        assertThat(api.calls()).contains("putTier PLATINUM 4 2000000 1.0 1.0");
        assertThat(viewModel.tiers().tiers()).extracting(TierItemViewModel::name)
                .containsExactly("FREE", "GOLD", "PLATINUM");
    }

    @Test
    void anotherDefaultTierIsPreviewedAsTheWholeSetThenMarked() {
        open();
        confirmImpact();

        viewModel.tiers().makeDefault(tier("GOLD"));
        executor.runPending();

        assertThat(api.calls()).containsSubsequence("previewTiers GOLD", "putTiers GOLD 2");
        assertThat(impacts().get(0).items().get(0).after()).isEqualTo("GOLD");
        assertThat(tier("GOLD").isDefault()).isTrue();
        assertThat(tier("FREE").nameText()).isEqualTo("FREE");
        assertThat(viewModel.tiers().defaultTierProperty().get()).isEqualTo("GOLD");
    }

    @Test
    void aQuotaLoweredBelowWhatIsUsedIsShownAsExhaustingItBeforeItIsApplied() {
        open();
        dialogs.answerForm(Map.of("totalTokens", "80000"));
        List<ImpactRequest> seen = new ArrayList<>();
        dialogs.answer(ImpactRequest.class, request -> {
            seen.add(request);
            return Optional.of(true);
        });
        OrgQuotaItemViewModel acme = viewModel.orgQuotas().quotas().get(0);

        viewModel.orgQuotas().edit(acme);
        executor.runPending();

        ImpactRequest impact = seen.get(0);
        assertThat(impact.exhaustedText()).isEqualTo("1 quota would be exhausted in the current window");
        assertThat(impact.items().get(0).exhausted()).isTrue();
        assertThat(impact.notes()).singleElement().asString().startsWith("90,000 tokens are used already");
        assertThat(api.quotaOf("org-1", "openai").totalTokens()).isEqualTo(80_000);
        assertThat(viewModel.orgQuotas().quotas().get(0).exhausted()).isTrue();
    }
}
