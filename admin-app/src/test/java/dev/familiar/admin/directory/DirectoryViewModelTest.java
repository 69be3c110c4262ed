package dev.familiar.admin.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.model.directory.RoleMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeDirectoryApi api = new FakeDirectoryApi();
    private final List<ManualDebouncer> debouncers = new ArrayList<>();
    private final DirectoryViewModel viewModel = new DirectoryViewModel(() -> api, tasks, dialogs, () -> {
        ManualDebouncer debouncer = new ManualDebouncer();
        debouncers.add(debouncer);
        return debouncer;
    }, 2);

    private DirectoryGroup admins;
    private DirectoryGroup billing;
    private DirectoryGroup engineers;
    private DirectoryUser ana;
    private DirectoryUser ben;
    private DirectoryUser cara;

    @BeforeEach
    void directory() {
        engineers = api.group("Prompt Engineers", "Run the lab");
        billing = api.group("Billing Admins", null);
        admins = api.group("Admins", "Everything");
        ana = api.person("Ana Ops", "ana@example.com");
        ben = api.person("Ben Gm", "ben@example.com");
        cara = api.person("Cara Player", "cara@example.com");
        api.addMember(engineers.id(), ana.id());
    }

    private void open() {
        viewModel.load(Place.of("directory"));
        executor.runPending();
    }

    private List<String> groupNames() {
        return viewModel.groups().stream().map(GroupItemViewModel::displayName).toList();
    }

    private GroupItemViewModel shown(String displayName) {
        return viewModel.groups().stream().filter(g -> g.displayName().equals(displayName)).findFirst()
                .orElseThrow();
    }

    private List<String> memberNames() {
        return viewModel.members().members().stream().map(MemberItemViewModel::displayName).toList();
    }

    private void selectAll() {
        viewModel.loadMore();
        executor.runPending();
    }

    // ---- the mode ----

    @Test
    void theLocalDirectoryIsShownPlainlyAsADryRun() {
        open();

        assertThat(viewModel.modeTextProperty().get())
                .isEqualTo("Local directory (dry-run: groups kept in this server's database)");
        assertThat(viewModel.dryRunProperty().get()).isTrue();
        assertThat(viewModel.reachabilityTextProperty().get()).isEqualTo("Reachable");
    }

    @Test
    void entraIsShownWithItsTenantAndWhyItCannotBeReached() {
        api.status(new DirectoryStatus("entra", false, "0f1e2d3c-tenant", "https://graph.microsoft.com", false,
                "token endpoint answered 401", true));

        open();

        assertThat(viewModel.modeTextProperty().get()).isEqualTo("Microsoft Entra — tenant 0f1e2d3c-tenant");
        assertThat(viewModel.dryRunProperty().get()).isFalse();
        assertThat(viewModel.reachableProperty().get()).isFalse();
        assertThat(viewModel.reachabilityTextProperty().get()).isEqualTo("Unreachable: token endpoint answered 401");
    }

    // ---- groups: list, paging, search ----

    @Test
    void theFirstPageShowsAndLoadMoreFollowsTheServersCursor() {
        open();

        assertThat(groupNames()).containsExactly("Admins", "Billing Admins");
        assertThat(viewModel.hasMoreProperty().get()).isTrue();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("2 groups shown, more to load");

        selectAll();

        assertThat(groupNames()).containsExactly("Admins", "Billing Admins", "Prompt Engineers");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("3 groups");
        assertThat(api.calls()).contains("groups null null", "groups null " + billing.id());
        assertThat(shown("Prompt Engineers").memberCountText()).isEqualTo("1");
        assertThat(shown("Prompt Engineers").description()).isEqualTo("Run the lab");
        assertThat(shown("Billing Admins").description()).isEmpty();
    }

    @Test
    void anUncountedGroupShowsAQuestionMark() {
        api.uncounted(admins.id());
        open();

        assertThat(shown("Admins").memberCountText()).isEqualTo("?");
        assertThat(shown("Billing Admins").memberCountText()).isEqualTo("0");
    }

    @Test
    void typingSearchesOnceTheInputSettles() {
        open();
        api.forgetCalls();

        viewModel.searchProperty().set("p");
        viewModel.searchProperty().set("pr");
        viewModel.searchProperty().set("prompt");
        executor.runPending();

        assertThat(api.calls()).as("nothing sent while typing").isEmpty();
        assertThat(debouncers.get(0).restarts()).isEqualTo(3);

        debouncers.get(0).elapse();
        executor.runPending();

        assertThat(api.calls()).containsExactly("groups prompt null");
        assertThat(groupNames()).containsExactly("Prompt Engineers");
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("1 group");
    }

    @Test
    void enterSearchesAtOnceAndTheDebouncedSearchIsDropped() {
        open();
        api.forgetCalls();
        viewModel.searchProperty().set("zz");

        viewModel.searchNow();
        executor.runPending();

        assertThat(debouncers.get(0).hasPending()).isFalse();
        assertThat(api.calls()).containsExactly("groups zz null");
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("No groups match");
    }

    @Test
    void aSearchAnsweredAfterANewerOneIsDropped() {
        open();
        viewModel.searchProperty().set("b");
        viewModel.searchNow();          // queued, not answered yet
        viewModel.searchProperty().set("a");
        viewModel.searchNow();          // cancels the first

        executor.runPending();

        assertThat(groupNames()).containsExactly("Admins");
    }

    // ---- create, edit, delete ----

    @Test
    void theGroupFormRequiresANameOfAtMost256AndADescriptionOfAtMost1024() {
        assertThat(DirectoryViewModel.groupProblems(Map.of("displayName", " ", "description", "")))
                .containsEntry("displayName", "required");
        assertThat(DirectoryViewModel.groupProblems(Map.of("displayName", "x".repeat(257), "description", "")))
                .containsEntry("displayName", "at most 256 characters");
        assertThat(DirectoryViewModel.groupProblems(Map.of("displayName", "x".repeat(256),
                "description", "d".repeat(1025)))).containsOnlyKeys("description");
        assertThat(DirectoryViewModel.groupProblems(Map.of("displayName", "x".repeat(256),
                "description", "d".repeat(1024)))).isEmpty();
    }

    @Test
    void aNewGroupIsCreatedSelectedAndListed() {
        open();
        dialogs.answerForm(Map.of("displayName", "Game Masters", "description", "Run the tables"));

        viewModel.createGroup();
        executor.runPending();

        assertThat(api.calls()).contains("create Game Masters Run the tables");
        assertThat(groupNames()).containsExactly("Admins", "Billing Admins");
        assertThat(viewModel.messageProperty().get()).isEqualTo("Group Game Masters created");
        assertThat(viewModel.selectedProperty().get()).isNull(); // not on the first page in the server's order
        viewModel.searchProperty().set("Game");
        viewModel.searchNow();
        executor.runPending();
        assertThat(groupNames()).containsExactly("Game Masters");
    }

    @Test
    void theServersRefusalReopensTheFormWithWhatWasTypedAndItsReason() {
        open();
        dialogs.answerForm(Map.of("displayName", "Admins", "description", ""));
        dialogs.answerForm(Map.of("displayName", "Admins 2"));

        viewModel.createGroup();
        executor.runPending();
        executor.runPending();

        List<FormRequest> forms = dialogs.shown(FormRequest.class);
        assertThat(forms).hasSize(2);
        assertThat(forms.get(1).header()).contains("The server refused").contains("displayName: a group with this name exists");
        assertThat(forms.get(1).fields().get(0).initial()).isEqualTo("Admins");
        assertThat(api.calls()).contains("create Admins null", "create Admins 2 null");
        assertThat(viewModel.messageProperty().get()).isEqualTo("Group Admins 2 created");
    }

    @Test
    void editingSendsOnlyWhatChangedAndKeepsTheCount() {
        open();
        viewModel.select(shown("Admins"));
        executor.runPending();
        dialogs.answerForm(Map.of("displayName", "Administrators"));

        viewModel.editGroup(shown("Admins"));
        executor.runPending();

        assertThat(api.calls()).contains("update " + admins.id() + " Administrators null");
        assertThat(groupNames()).contains("Administrators");
        assertThat(viewModel.selectedProperty().get().displayName()).isEqualTo("Administrators");
        assertThat(viewModel.selectedProperty().get().memberCountText()).isEqualTo("0");
        assertThat(viewModel.messageProperty().get()).isEqualTo("Group Administrators saved");
    }

    @Test
    void deletingAsksFirstNamingTheGroupAndTheRolesItGrants() {
        api.mapping(billing.id(), "BILLING_ADMIN");
        open();

        viewModel.deleteGroup(shown("Billing Admins"));
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.header()).isEqualTo("Delete the group \u201cBilling Admins\u201d?");
        assertThat(confirm.lines()).anyMatch(line -> line.contains("BILLING_ADMIN"));
        assertThat(confirm.destructive()).isTrue();
        assertThat(api.hasGroup(billing.id())).as("cancelled: nothing sent").isTrue();

        dialogs.answerConfirm(true);
        viewModel.deleteGroup(shown("Billing Admins"));
        executor.runPending();

        assertThat(api.hasGroup(billing.id())).isFalse();
        assertThat(groupNames()).containsExactly("Admins");
        assertThat(viewModel.mappings().rows()).isEmpty();
        assertThat(viewModel.messageProperty().get()).isEqualTo("Group Billing Admins deleted");
    }

    // ---- members ----

    @Test
    void selectingAGroupListsItsMembersPaged() {
        api.addMember(engineers.id(), ben.id());
        api.addMember(engineers.id(), cara.id());
        open();
        selectAll();

        viewModel.select(shown("Prompt Engineers"));
        executor.runPending();

        assertThat(memberNames()).containsExactly("Ana Ops", "Ben Gm");
        assertThat(viewModel.members().hasMoreProperty().get()).isTrue();
        viewModel.members().loadMore();
        executor.runPending();
        assertThat(memberNames()).containsExactly("Ana Ops", "Ben Gm", "Cara Player");
        assertThat(viewModel.members().listMessageProperty().get()).isEqualTo("Prompt Engineers: 3 members");

        viewModel.select(null);
        assertThat(memberNames()).isEmpty();
        assertThat(viewModel.members().listMessageProperty().get()).isEqualTo(MembersViewModel.NO_GROUP);
    }

    @Test
    void peopleChosenFromADirectorySearchAreAddedInOneRequest() {
        open();
        viewModel.select(shown("Admins"));
        executor.runPending();
        dialogs.answer(PickMembersRequest.class, request -> {
            MemberPickerViewModel picker = request.viewModel();
            picker.searchProperty().set("b");
            picker.searchProperty().set("be");
            debouncers.get(debouncers.size() - 1).elapse();
            executor.runPending();
            picker.searchProperty().set("ca");
            picker.search();
            executor.runPending();
            assertThat(picker.results()).extracting(MemberItemViewModel::displayName).containsExactly("Cara Player");
            picker.searchProperty().set("");
            picker.search();
            assertThat(picker.messageProperty().get()).isEqualTo(MemberPickerViewModel.PROMPT);
            // the operator picks two people (the view keeps `chosen` in step with the table)
            picker.chosen().setAll(new MemberItemViewModel(ben), new MemberItemViewModel(cara));
            return Optional.of(picker.chosenUsers());
        });

        viewModel.members().addFromDirectory();
        executor.runPending();

        assertThat(api.calls()).contains("users be", "users ca", "add " + admins.id() + " ["
                + ben.id() + ", " + cara.id() + "] []");
        assertThat(api.memberIds(admins.id())).containsExactlyInAnyOrder(ben.id(), cara.id());
        assertThat(memberNames()).containsExactly("Ben Gm", "Cara Player");
        assertThat(shown("Admins").memberCountText()).isEqualTo("2");
        assertThat(viewModel.members().messageProperty().get())
                .isEqualTo("2 added, 0 already members, 0 failed in Admins");
        assertThat(dialogs.errors()).isEmpty();
    }

    @Test
    void aCancelledPickerAddsNobody() {
        open();
        viewModel.select(shown("Admins"));
        executor.runPending();
        api.forgetCalls();

        viewModel.members().addFromDirectory();
        executor.runPending();

        assertThat(api.calls()).isEmpty();
    }

    @Test
    void removingAsksFirstNamingTheMemberAndTheGroup() {
        open();
        selectAll();
        viewModel.select(shown("Prompt Engineers"));
        executor.runPending();
        MemberItemViewModel member = viewModel.members().members().get(0);

        viewModel.members().remove(member);
        assertThat(api.memberIds(engineers.id())).as("cancelled").contains(ana.id());

        dialogs.answerConfirm(true);
        viewModel.members().remove(member);
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class).get(1).header())
                .isEqualTo("Remove Ana Ops <ana@example.com> from \u201cPrompt Engineers\u201d?");
        assertThat(api.memberIds(engineers.id())).isEmpty();
        assertThat(memberNames()).isEmpty();
        assertThat(shown("Prompt Engineers").memberCountText()).isEqualTo("0");
        assertThat(viewModel.members().messageProperty().get()).isEqualTo("Ana Ops removed from Prompt Engineers");
    }

    // ---- bulk add ----

    @Test
    void aPastedListSplitsIntoEmailsAndIdsIgnoringBlankLines() {
        BulkAddViewModel.Parsed parsed = BulkAddViewModel.parse("ana@example.com\n\n  usr_9 \r\n\t\nben@example.com\n");

        assertThat(parsed.entries()).extracting(BulkAddViewModel.Entry::line).containsExactly(1, 3, 5);
        assertThat(parsed.emails()).containsExactly("ana@example.com", "ben@example.com");
        assertThat(parsed.ids()).containsExactly("usr_9");
    }

    @Test
    void bulkAddSendsOneRequestAndShowsAResultPerLineInTheOrderPasted() {
        open();
        selectAll();
        viewModel.select(shown("Prompt Engineers"));
        executor.runPending();
        api.forgetCalls();
        List<BulkAddViewModel> opened = new ArrayList<>();
        dialogs.answer(BulkAddRequest.class, request -> {
            BulkAddViewModel bulk = request.viewModel();
            opened.add(bulk);
            bulk.textProperty().set("ben@example.com\n\n" + cara.id() + "\nnobody@example.com\n" + ana.id()
                    + "\nBEN@example.com\n");
            bulk.send();
            executor.runPending();
            return Optional.of(true);
        });

        viewModel.members().bulkAdd();
        executor.runPending();

        assertThat(api.calls().get(0)).isEqualTo("add " + engineers.id() + " [" + cara.id() + ", " + ana.id()
                + "] [ben@example.com, nobody@example.com, BEN@example.com]");
        BulkAddViewModel bulk = opened.get(0);
        assertThat(bulk.results()).extracting(r -> r.line() + " " + r.input() + " " + r.status()).containsExactly(
                "1 ben@example.com ADDED",
                "3 " + cara.id() + " ADDED",
                "4 nobody@example.com NOT_FOUND",
                "5 " + ana.id() + " ALREADY_MEMBER",
                "6 BEN@example.com INVALID");
        assertThat(bulk.results()).filteredOn(AddResultItemViewModel::failure).hasSize(2);
        assertThat(bulk.countsTextProperty().get()).isEqualTo("2 added \u00b7 1 already a member \u00b7 2 failed");
        assertThat(shown("Prompt Engineers").memberCountText()).isEqualTo("3");
        assertThat(memberNames()).as("reloaded: the first page, in the order they joined")
                .containsExactly("Ana Ops", "Cara Player");
        assertThat(viewModel.members().messageProperty().get())
                .isEqualTo("Bulk add to Prompt Engineers: 2 added \u00b7 1 already a member \u00b7 2 failed");
    }

    @Test
    void moreThanAThousandEntriesAreRefusedBeforeSending() {
        open();
        viewModel.select(shown("Admins"));
        executor.runPending();
        api.forgetCalls();
        dialogs.answer(BulkAddRequest.class, request -> {
            request.viewModel().textProperty().set("u\n".repeat(1001));
            request.viewModel().send();
            assertThat(request.viewModel().messageProperty().get())
                    .isEqualTo("At most 1,000 entries at once: 1001 pasted");
            return Optional.of(true);
        });

        viewModel.members().bulkAdd();
        executor.runPending();

        assertThat(api.calls()).isEmpty();
    }

    @Test
    void aThrottledBulkAddSaysWhenToRetryInTheDialog() {
        open();
        viewModel.select(shown("Admins"));
        executor.runPending();
        api.failNext(FakeDirectoryApi.throttled(12));
        dialogs.answer(BulkAddRequest.class, request -> {
            request.viewModel().textProperty().set("ben@example.com");
            request.viewModel().send();
            executor.runPending();
            assertThat(request.viewModel().messageProperty().get()).contains("HTTP 503").contains("retry after 12 seconds");
            assertThat(request.viewModel().sendingProperty().get()).isFalse();
            return Optional.of(true);
        });

        viewModel.members().bulkAdd();

        assertThat(dialogs.shown(BulkAddRequest.class)).hasSize(1);
    }

    // ---- role mappings ----

    @Test
    void aGroupIsMappedToARoleAndTheWholeSetIsSaved() {
        api.mapping(admins.id(), "ADMIN");
        open();
        assertThat(viewModel.mappings().rows()).extracting(MappingItemViewModel::groupText)
                .containsExactly("Admins");
        viewModel.select(shown("Billing Admins"));
        executor.runPending();
        dialogs.answerForm(Map.of("role", "BILLING_ADMIN"));

        viewModel.mapSelectedGroup();

        assertThat(viewModel.mappings().dirtyProperty().get()).isTrue();
        assertThat(api.storedMappings()).hasSize(1);
        FormRequest form = dialogs.shown(FormRequest.class).get(0);
        assertThat(form.fields().get(0).choices())
                .containsExactly("PROMPT_ENGINEER", "BILLING_ADMIN", "TENANT_ADMIN", "ADMIN");

        viewModel.mappings().save();
        executor.runPending();

        assertThat(api.storedMappings()).containsExactly(new RoleMapping(admins.id(), "Admins", "ADMIN"),
                new RoleMapping(billing.id(), "Billing Admins", "BILLING_ADMIN"));
        assertThat(viewModel.mappings().dirtyProperty().get()).isFalse();
        assertThat(viewModel.mappings().messageProperty().get()).isEqualTo("Role mappings saved: 2 mappings");
    }

    @Test
    void theRoleFormOffersOnlyTheRolesTheGroupDoesNotGrantYet() {
        api.mapping(admins.id(), "ADMIN");
        api.mapping(admins.id(), "TENANT_ADMIN");
        open();
        viewModel.select(shown("Admins"));
        executor.runPending();

        viewModel.mapSelectedGroup();

        assertThat(dialogs.shown(FormRequest.class).get(0).fields().get(0).choices())
                .containsExactly("PROMPT_ENGINEER", "BILLING_ADMIN");
    }

    @Test
    void withoutAGroupPickedTheMappingAsksForOne() {
        open();

        viewModel.mapSelectedGroup();

        assertThat(dialogs.shown(FormRequest.class)).isEmpty();
        assertThat(viewModel.mappings().messageProperty().get()).contains("Pick a group");
    }

    @Test
    void aRemovedMappingIsSavedAndAFailedSaveKeepsTheChangesUnsaved() {
        api.mapping(admins.id(), "ADMIN");
        api.mapping(billing.id(), "BILLING_ADMIN");
        open();

        viewModel.mappings().remove(viewModel.mappings().rows().get(0));
        api.failNext(FakeDirectoryApi.upstream());
        viewModel.mappings().save();
        executor.runPending();

        assertThat(viewModel.mappings().dirtyProperty().get()).isTrue();
        assertThat(api.storedMappings()).hasSize(2);
        assertThat(viewModel.banner().showingProperty().get()).isTrue();

        viewModel.mappings().save();
        executor.runPending();

        assertThat(api.storedMappings()).containsExactly(new RoleMapping(billing.id(), "Billing Admins", "BILLING_ADMIN"));
        assertThat(viewModel.mappings().dirtyProperty().get()).isFalse();
    }

    // ---- errors ----

    @Test
    void aThrottledDirectoryShowsABannerWithTheRetryAfterAndRetryReloads() {
        api.failNext(FakeDirectoryApi.throttled(30));
        open();

        assertThat(viewModel.banner().showingProperty().get()).isTrue();
        assertThat(viewModel.banner().textProperty().get())
                .startsWith("Could not read the directory's status: the directory is busy")
                .contains("HTTP 503").contains("retry after 30 seconds").contains("req-503");
        assertThat(dialogs.errors()).as("a banner, not a dialog").isEmpty();

        viewModel.banner().retry();
        executor.runPending();

        assertThat(viewModel.banner().showingProperty().get()).isFalse();
        assertThat(viewModel.modeTextProperty().get()).startsWith("Local directory");
    }

    @Test
    void aRefusalFromGraphShowsABannerAndOtherErrorsADialog() {
        open();
        api.failNext(FakeDirectoryApi.upstream());
        viewModel.searchNow();
        executor.runPending();

        assertThat(viewModel.banner().textProperty().get()).startsWith("Could not load the groups")
                .contains("HTTP 502").contains("Authorization_RequestDenied");
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("Could not load groups");

        dialogs.answerConfirm(true);
        viewModel.deleteGroup(new GroupItemViewModel(new DirectoryGroup("grp_gone", "Gone", null, 0)));
        executor.runPending();

        assertThat(dialogs.shown(ErrorRequest.class)).singleElement().satisfies(error -> {
            assertThat(error.title()).isEqualTo("Could not delete the group Gone");
            assertThat(error.requestId()).isEqualTo("req-404");
        });
    }

    @Test
    void answersArrivingAfterTheScreenWasLeftAreIgnored() {
        viewModel.load(Place.of("directory"));
        tasks.cancelAll(); // the screen is left

        executor.runPending();

        assertThat(viewModel.groups()).isEmpty();
        assertThat(viewModel.modeTextProperty().get()).isEqualTo("Directory: checking…");
    }
}
