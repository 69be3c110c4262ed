package dev.familiar.admin.users;

import static dev.familiar.admin.users.FakeUsersApi.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.CopyableTextRequest;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.admin.users.UsersApi.UserSummary;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersViewModelTest {
    private static final String OTHER_TENANT = "22222222-2222-2222-2222-222222222222";

    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeUsersApi api = new FakeUsersApi();
    private final UsersViewModel viewModel = new UsersViewModel(() -> api, tasks, dialogs,
            Clock.fixed(FakeUsersApi.NOW, ZoneOffset.UTC), 2);

    @BeforeEach
    void users() {
        api.add("admin", TENANT, "ACTIVE", "ADMIN");
        api.add("alice@example.com", TENANT, "ACTIVE", "USER");
        api.add("bob@example.com", TENANT, "ACTIVE", "TENANT_ADMIN", "USER");
        api.add("carol@example.com", OTHER_TENANT, "LOCKED", "USER");
        api.add("dave@example.com", OTHER_TENANT, "INVITED", "USER");
    }

    private List<String> usernames() {
        return viewModel.users().stream().map(UserItemViewModel::username).toList();
    }

    private UserItemViewModel shown(String username) {
        return viewModel.users().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
    }

    private void open() {
        viewModel.load(Place.of("users"));
        executor.runPending();
    }

    // ---- list, paging, search ----

    @Test
    void firstVisitShowsTheFirstPageAndLoadMoreAppendsTheNextFromTheServersCursor() {
        open();

        assertThat(usernames()).containsExactly("admin", "alice@example.com");
        assertThat(viewModel.hasMoreProperty().get()).isTrue();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("2 users shown, more to load");

        viewModel.loadMore();
        executor.runPending();
        viewModel.loadMore();
        executor.runPending();

        assertThat(usernames()).containsExactly("admin", "alice@example.com", "bob@example.com",
                "carol@example.com", "dave@example.com");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("5 users");
        assertThat(api.calls()).containsExactly("list null null", "list null alice@example.com",
                "list null carol@example.com");
    }

    @Test
    void loadMoreOnTheLastPageAsksNothing() {
        viewModel.searchProperty().set("admin");
        open();

        viewModel.loadMore();

        assertThat(executor.pendingCount()).isZero();
        assertThat(usernames()).containsExactly("admin");
    }

    @Test
    void searchSendsItsFiltersAndReplacesTheList() {
        open();
        viewModel.tenantFilterProperty().set(OTHER_TENANT);
        viewModel.statusFilterProperty().set("LOCKED");

        viewModel.search();
        executor.runPending();

        assertThat(usernames()).containsExactly("carol@example.com");
        assertThat(viewModel.hasMoreProperty().get()).isFalse();
    }

    @Test
    void aTenantsPlaceListsOnlyThatTenantsUsers() {
        viewModel.load(Place.of("users", "tenant", OTHER_TENANT));
        executor.runPending();

        assertThat(viewModel.tenantFilterProperty().get()).isEqualTo(OTHER_TENANT);
        assertThat(usernames()).containsExactly("carol@example.com", "dave@example.com");
    }

    @Test
    void noMatchSaysSo() {
        viewModel.searchProperty().set("zed");
        open();

        assertThat(usernames()).isEmpty();
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("No users match");
    }

    @Test
    void aSearchStartedWhileAnotherRunsDropsTheEarlierAnswer() {
        viewModel.searchProperty().set("a");
        viewModel.search();
        viewModel.searchProperty().set("c");
        viewModel.search();

        executor.runPending(); // both answers arrive, the first one late

        assertThat(usernames()).containsExactly("carol@example.com");
    }

    @Test
    void usersArrivingAfterTheScreenWasLeftAreIgnored() {
        viewModel.load(Place.of("users"));

        tasks.cancelAll(); // the host does this when the screen is left
        executor.runPending();

        assertThat(usernames()).isEmpty();
        assertThat(dialogs.shown()).isEmpty();
    }

    @Test
    void aListThatCannotLoadShowsTheServersMessageAndRequestId() {
        api.failNext(new dev.familiar.model.api.ApiError(dev.familiar.model.api.ErrorCode.FORBIDDEN,
                "Only an ADMIN may do this", 403).withRequestId("req-list-1"));

        open();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.message()).isEqualTo("Only an ADMIN may do this (HTTP 403)");
        assertThat(error.requestId()).isEqualTo("req-list-1");
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("Could not load users");
    }

    // ---- invite ----

    @Test
    void theInviteFormNamesEachProblem() {
        assertThat(UsersViewModel.inviteProblems(Map.of("email", "", "tenantId", "", "role-USER", "true")))
                .containsOnlyKeys("email");
        assertThat(UsersViewModel.inviteProblems(Map.of("email", "not-an-address", "tenantId", "org-1",
                "role-USER", "false"))).containsOnlyKeys("email", "tenantId", "role-USER");
        assertThat(UsersViewModel.inviteProblems(Map.of("email", "eve@example.com", "tenantId", TENANT,
                "role-ADMIN", "true"))).isEmpty();
        assertThat(UsersViewModel.inviteProblems(Map.of("email", "eve@example.com", "tenantId", " ",
                "role-USER", "true"))).as("no tenant: the caller's own").isEmpty();
    }

    @Test
    void anInvitationShowsItsCodeOnceAndTheViewModelKeepsItNowhere() {
        open();
        dialogs.answerForm(Map.of("email", "eve@example.com", "tenantId", OTHER_TENANT,
                "role-USER", "true", "role-TENANT_ADMIN", "true"));

        viewModel.invite();
        executor.runPending();

        assertThat(api.calls()).contains("invite eve@example.com " + OTHER_TENANT + " [USER, TENANT_ADMIN]");
        List<CopyableTextRequest> shown = dialogs.shown(CopyableTextRequest.class);
        assertThat(shown).singleElement().satisfies(request -> {
            assertThat(request.text()).isEqualTo("invite-code-1");
            assertThat(request.message()).contains("eve@example.com").contains("only this once");
            assertThat(request.toString()).doesNotContain("invite-code-1");
        });
        assertThat(viewModel.messageProperty().get()).isEqualTo("Invited eve@example.com");
        assertThat(SecretScan.holds(viewModel, "eve@example.com")).as("the scan sees what the view model shows")
                .isTrue();
        assertThat(SecretScan.holds(viewModel, "invite-code-1")).isFalse();
    }

    @Test
    void theInviteFormStartsWithTheTenantFilteredByAndTheUserRole() {
        viewModel.tenantFilterProperty().set(OTHER_TENANT);

        viewModel.invite();

        FormRequest form = dialogs.shown(FormRequest.class).get(0);
        assertThat(form.fields()).extracting(FormRequest.Field::name, FormRequest.Field::initial).contains(
                org.assertj.core.groups.Tuple.tuple("tenantId", OTHER_TENANT),
                org.assertj.core.groups.Tuple.tuple("role-USER", "true"),
                org.assertj.core.groups.Tuple.tuple("role-ADMIN", "false"));
    }

    @Test
    void theInvitedUserAppearsInTheListReloadedAfterTheInvitation() {
        viewModel.searchProperty().set("eve");
        open();
        dialogs.answerForm(Map.of("email", "eve@example.com"));

        viewModel.invite();
        executor.runPending();

        assertThat(usernames()).containsExactly("eve@example.com");
        assertThat(shown("eve@example.com").statusText()).isEqualTo("INVITED");
    }

    @Test
    void aCancelledInvitationAsksTheServerNothing() {
        open();

        viewModel.invite();
        executor.runPending();

        assertThat(api.calls()).noneMatch(call -> call.startsWith("invite"));
    }

    @Test
    void anInvitationTheServerRefusesShowsWhy() {
        open();
        api.failNext(new dev.familiar.model.api.ApiError(dev.familiar.model.api.ErrorCode.CONFLICT,
                "The e-mail address is taken", 409).withRequestId("req-inv-9"));
        dialogs.answerForm(Map.of("email", "alice@example.com"));

        viewModel.invite();
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not invite alice@example.com");
        assertThat(error.message()).isEqualTo("The e-mail address is taken (HTTP 409)");
        assertThat(error.requestId()).isEqualTo("req-inv-9");
        assertThat(dialogs.shown(CopyableTextRequest.class)).isEmpty();
    }

    // ---- roles, lock, reset, delete ----

    @Test
    void changingRolesSendsTheChosenOnesAndShowsTheUserAsTheServerAnswers() {
        open();
        UserItemViewModel alice = shown("alice@example.com");
        dialogs.answerForm(Map.of("role-USER", "true", "role-TENANT_ADMIN", "true"));

        viewModel.changeRoles(alice);
        executor.runPending();

        assertThat(api.calls()).contains("roles " + alice.id() + " [USER, TENANT_ADMIN]");
        assertThat(shown("alice@example.com").rolesText()).isEqualTo("USER, TENANT_ADMIN");
    }

    @Test
    void theRolesFormRefusesNoRoleAtAll() {
        assertThat(UsersViewModel.roleProblems(Map.of("role-USER", "false", "role-TENANT_ADMIN", "false",
                "role-ADMIN", "false"))).containsEntry("role-USER", "choose at least one role");
        assertThat(UsersViewModel.roleProblems(Map.of("role-ADMIN", "true"))).isEmpty();
    }

    @Test
    void lockingAsksFirstAndThenShowsTheUserLocked() {
        open();
        UserItemViewModel alice = shown("alice@example.com");
        viewModel.select(alice);
        executor.runPending();
        dialogs.answerConfirm(true);

        viewModel.toggleLock(alice);
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class)).singleElement()
                .satisfies(confirm -> assertThat(confirm.destructive()).isFalse());
        assertThat(shown("alice@example.com").statusText()).isEqualTo("LOCKED");
        assertThat(viewModel.selectedProperty().get().isLocked()).as("the selection follows").isTrue();
        assertThat(viewModel.messageProperty().get()).isEqualTo("alice@example.com locked");
    }

    @Test
    void aDeclinedLockChangesNothing() {
        open();
        dialogs.answerConfirm(false);

        viewModel.toggleLock(shown("alice@example.com"));
        executor.runPending();

        assertThat(api.calls()).noneMatch(call -> call.startsWith("lock"));
    }

    @Test
    void unlockingALockedUserNeedsNoConfirmation() {
        viewModel.tenantFilterProperty().set(OTHER_TENANT);
        open();

        viewModel.toggleLock(shown("carol@example.com"));
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class)).isEmpty();
        assertThat(shown("carol@example.com").statusText()).isEqualTo("ACTIVE");
    }

    @Test
    void theLastAdminsConflictIsShownWithTheServersMessageAndRequestId() {
        open();
        UserItemViewModel admin = shown("admin");
        api.failNext(FakeUsersApi.lastAdmin("req-409-abc"));
        dialogs.answerConfirm(true);

        viewModel.toggleLock(admin);
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not lock admin");
        assertThat(error.message())
                .isEqualTo("The last active ADMIN cannot be demoted, locked or deleted (HTTP 409)");
        assertThat(error.requestId()).isEqualTo("req-409-abc");
        assertThat(shown("admin").statusText()).as("unchanged").isEqualTo("ACTIVE");
    }

    @Test
    void demotingTheLastAdminShowsTheConflictToo() {
        open();
        api.failNext(FakeUsersApi.lastAdmin("req-409-def"));
        dialogs.answerForm(Map.of("role-ADMIN", "false", "role-USER", "true"));

        viewModel.changeRoles(shown("admin"));
        executor.runPending();

        assertThat(dialogs.shown(ErrorRequest.class)).singleElement()
                .satisfies(error -> assertThat(error.requestId()).isEqualTo("req-409-def"));
        assertThat(shown("admin").rolesText()).isEqualTo("ADMIN");
    }

    @Test
    void aPasswordResetCodeIsShownOnceAndKeptNowhere() {
        viewModel.searchProperty().set("bob");
        open();
        UserItemViewModel bob = shown("bob@example.com");
        dialogs.answerConfirm(true);

        viewModel.resetPassword(bob);
        executor.runPending();

        assertThat(dialogs.copyableInformation()).containsExactly("Password-reset code for bob@example.com: reset-code-1");
        assertThat(SecretScan.holds(viewModel, "reset-code-1")).isFalse();
    }

    @Test
    void deletingIsConfirmedAsDestructiveAndTakesTheUserOffTheList() {
        open();
        UserItemViewModel alice = shown("alice@example.com");
        viewModel.select(alice);
        executor.runPending();
        dialogs.answerConfirm(true);

        viewModel.delete(alice);
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.destructive()).isTrue();
        assertThat(confirm.lines()).contains("This cannot be undone.");
        assertThat(usernames()).containsExactly("admin");
        assertThat(viewModel.selectedProperty().get()).isNull();
        assertThat(viewModel.keys()).isEmpty();
    }

    @Test
    void aDeclinedDeleteChangesNothing() {
        open();

        viewModel.delete(shown("alice@example.com"));
        executor.runPending();

        assertThat(api.calls()).noneMatch(call -> call.startsWith("delete"));
        assertThat(usernames()).contains("alice@example.com");
    }

    // ---- API keys ----

    @Test
    void selectingAUserLoadsTheirKeys() {
        UserSummary bob = api.user("bob@example.com");
        api.createKey(bob.id(), "reporting", null);
        open();

        viewModel.select(new UserItemViewModel(bob));
        executor.runPending();

        assertThat(viewModel.keys()).extracting(ApiKeyItemViewModel::name, ApiKeyItemViewModel::stateText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reporting", "active"));
        assertThat(viewModel.keysMessageProperty().get()).isEqualTo("bob@example.com: 1 active of 1 API keys");
    }

    @Test
    void keysOfAnEarlierSelectionArrivingLateAreIgnored() {
        UserSummary bob = api.user("bob@example.com");
        api.createKey(bob.id(), "bobs-key", null);
        open();

        viewModel.select(new UserItemViewModel(bob));
        viewModel.select(shown("alice@example.com"));
        executor.runPending();

        assertThat(viewModel.keys()).isEmpty();
        assertThat(viewModel.keysMessageProperty().get()).isEqualTo("alice@example.com has no API keys");
    }

    @Test
    void aNewKeyIsShownOnceWithItsRawValueAndThenListedByItsPrefixOnly() {
        open();
        UserItemViewModel alice = shown("alice@example.com");
        viewModel.select(alice);
        executor.runPending();
        dialogs.answerForm(Map.of("name", "ci", "expiresInDays", "30"));

        viewModel.createKey();
        executor.runPending();

        assertThat(api.calls()).contains("create key " + alice.id() + " ci 30");
        CopyableTextRequest shown = dialogs.shown(CopyableTextRequest.class).get(0);
        assertThat(shown.text()).isEqualTo("famk_raw-secret-key-1");
        assertThat(viewModel.keys()).extracting(ApiKeyItemViewModel::name, ApiKeyItemViewModel::prefixText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ci", "famk_k1…"));
        assertThat(SecretScan.holds(viewModel, "famk_raw-secret-key-1")).isFalse();
    }

    @Test
    void theKeyFormNamesEachProblem() {
        assertThat(UsersViewModel.keyProblems(Map.of("name", " ", "expiresInDays", ""))).containsOnlyKeys("name");
        assertThat(UsersViewModel.keyProblems(Map.of("name", "x".repeat(101), "expiresInDays", "0")))
                .containsOnlyKeys("name", "expiresInDays");
        assertThat(UsersViewModel.keyProblems(Map.of("name", "ci", "expiresInDays", "3651")))
                .containsOnlyKeys("expiresInDays");
        assertThat(UsersViewModel.keyProblems(Map.of("name", "ci", "expiresInDays", "3650"))).isEmpty();
    }

    @Test
    void withoutASelectedUserNoKeyIsCreated() {
        open();

        viewModel.createKey();

        assertThat(dialogs.shown()).isEmpty();
    }

    @Test
    void revokingAKeyIsConfirmedAsDestructiveAndShowsItRevoked() {
        UserSummary bob = api.user("bob@example.com");
        api.createKey(bob.id(), "old", null);
        viewModel.searchProperty().set("bob");
        open();
        viewModel.select(shown("bob@example.com"));
        executor.runPending();
        dialogs.answerConfirm(true);

        viewModel.revokeKey(viewModel.keys().get(0));
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class)).singleElement()
                .satisfies(confirm -> assertThat(confirm.destructive()).isTrue());
        assertThat(viewModel.keys().get(0).stateText()).startsWith("revoked ");
        assertThat(viewModel.keys().get(0).isActive()).isFalse();
        assertThat(viewModel.messageProperty().get()).isEqualTo("API key old revoked");
    }

    // ---- activation codes ----

    @Test
    void anActivationCodeIsMintedForTheSelectedUsersOrganisationAndShownOnce() {
        open();
        viewModel.select(shown("alice@example.com"));
        executor.runPending();
        dialogs.answerForm(Map.of("domain", "Plugin.Example.com"));

        viewModel.mintActivationCode();
        executor.runPending();

        assertThat(api.calls()).contains("mint " + TENANT + " plugin.example.com");
        assertThat(dialogs.copyableInformation())
                .containsExactly("Activation code for plugin.example.com: activation-code-1");
        assertThat(SecretScan.holds(viewModel, "activation-code-1")).isFalse();
    }

    @Test
    void theActivationFormNeedsAnOrganisationIdAndAHostName() {
        assertThat(UsersViewModel.activationProblems(Map.of("orgId", "acme", "domain", "not a host")))
                .containsOnlyKeys("orgId", "domain");
        assertThat(UsersViewModel.activationProblems(Map.of("orgId", TENANT, "domain", "localhost"))).isEmpty();
    }
}
