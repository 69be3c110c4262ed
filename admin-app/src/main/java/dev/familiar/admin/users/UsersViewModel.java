package dev.familiar.admin.users;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.CopyableTextRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.users.UsersApi.OneTimeCode;
import dev.familiar.admin.users.UsersApi.UserFilter;
import dev.familiar.admin.users.UsersApi.UserPage;
import dev.familiar.admin.users.UsersApi.UserSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Users &amp; keys screen without its nodes: the user list (filtered by search text, tenant, role and status,
 * paged from the server by keyset cursor), the actions on one user (invite, roles, lock/unlock, password reset,
 * delete), the selected user's API keys (create, revoke) and plugin activation codes.
 *
 * <p>One-time secrets (invitation and reset codes, raw keys, activation codes) go straight from the server's answer
 * into a {@link CopyableTextRequest} and are kept nowhere here. A list or key load started while an earlier one runs
 * cancels it, so its late answer is dropped by the task scope. UI thread only.
 */
public final class UsersViewModel {
    /** The roles an account can hold, in the order the forms show them. */
    public static final List<String> ROLES = List.of("USER", "TENANT_ADMIN", "ADMIN", "PROMPT_ENGINEER");
    /** The statuses the list can be filtered by. */
    public static final List<String> STATUSES = List.of("ACTIVE", "LOCKED", "INVITED", "EXTERNAL", "DELETED");
    /** The filter choice meaning "not filtered". */
    public static final String ANY = "";
    static final int PAGE_SIZE = 50;
    static final String ROLE_FIELD = "role-";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A DNS host name, as the server checks it for activation codes. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final Supplier<UsersApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Clock clock;
    private final int pageSize;

    private final StringProperty search = new SimpleStringProperty("");
    private final StringProperty tenantFilter = new SimpleStringProperty("");
    private final StringProperty roleFilter = new SimpleStringProperty(ANY);
    private final StringProperty statusFilter = new SimpleStringProperty(ANY);
    private final ObservableList<UserItemViewModel> users = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<UserItemViewModel> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ApiKeyItemViewModel> keys = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper keysMessage = new ReadOnlyStringWrapper("Select a user to see their API keys");

    private UserFilter shownFilter = UserFilter.none();
    private String nextCursor;
    private TaskHandle listLoad;
    private TaskHandle keysLoad;

    public UsersViewModel(Supplier<UsersApi> api, TaskScope tasks, DialogService dialogs) {
        this(api, tasks, dialogs, Clock.systemUTC(), PAGE_SIZE);
    }

    UsersViewModel(Supplier<UsersApi> api, TaskScope tasks, DialogService dialogs, Clock clock, int pageSize) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pageSize = pageSize;
    }

    // ---- the list ----

    /**
     * Shows {@code place}: {@code users} lists with the current filters, {@code users/tenant/{tenantId}} lists one
     * tenant's users. Always fresh from the server.
     */
    public void load(Place place) {
        if ("tenant".equals(place.arg(0)) && place.arg(1) != null) {
            tenantFilter.set(place.arg(1));
        }
        search();
    }

    /** Lists the first page of users matching the filters now entered; an earlier list load is dropped. */
    public void search() {
        if (listLoad != null) {
            listLoad.cancel();
        }
        UserFilter filter = new UserFilter(blankToNull(search.get()), blankToNull(tenantFilter.get()),
                blankToNull(roleFilter.get()), blankToNull(statusFilter.get()));
        listMessage.set("Loading users…");
        listLoad = tasks.run("Loading users", progress -> api.get().list(filter, null, pageSize), page -> {
            shownFilter = filter;
            String keep = selected.get() == null ? null : selected.get().id();
            users.setAll(items(page));
            showPage(page);
            select(users.stream().filter(u -> u.id().equals(keep)).findFirst().orElse(null));
        }, failure -> {
            listMessage.set("Could not load users");
            dialogs.show(ErrorRequest.of("Could not load users", failure));
        });
    }

    /** Appends the next page of the list shown (nothing when it is complete or a load runs). */
    public void loadMore() {
        if (nextCursor == null || (listLoad != null && listLoad.state() == TaskHandle.State.RUNNING)) {
            return;
        }
        UserFilter filter = shownFilter;
        String cursor = nextCursor;
        listMessage.set("Loading more users…");
        listLoad = tasks.run("Loading more users", progress -> api.get().list(filter, cursor, pageSize), page -> {
            users.addAll(items(page));
            showPage(page);
        }, failure -> {
            listMessage.set("Could not load more users");
            dialogs.show(ErrorRequest.of("Could not load more users", failure));
        });
    }

    private void showPage(UserPage page) {
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
        int count = users.size();
        listMessage.set(count == 0 ? "No users match"
                : count + (count == 1 ? " user" : " users") + (nextCursor == null ? "" : " shown, more to load"));
    }

    private static List<UserItemViewModel> items(UserPage page) {
        return page.items().stream().map(UserItemViewModel::new).toList();
    }

    /** Makes {@code user} the selected one (null: none) and loads its API keys when it is another user. */
    public void select(UserItemViewModel user) {
        UserItemViewModel before = selected.get();
        selected.set(user);
        if (user == null) {
            cancelKeys();
            keys.clear();
            keysMessage.set("Select a user to see their API keys");
        } else if (before == null || !before.id().equals(user.id())) {
            loadKeys();
        }
    }

    // ---- actions on a user ----

    /** Asks for an e-mail address, tenant and roles, invites the user and shows the invitation code once. */
    public void invite() {
        String tenant = tenantFilter.get() == null ? "" : tenantFilter.get().trim();
        List<FormRequest.Field> fields = new ArrayList<>();
        fields.add(FormRequest.Field.text("email", "E-mail address", "", "name@example.com"));
        fields.add(FormRequest.Field.text("tenantId", "Organisation id", tenant, "empty: your own organisation"));
        fields.addAll(roleFields(List.of("USER")));
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("Invite a user",
                "The user gets a one-time code to set their password with.", fields,
                UsersViewModel::inviteProblems, "Invite"));
        if (answer.isEmpty()) {
            return;
        }
        Map<String, String> values = answer.get();
        String email = values.get("email").trim();
        String tenantId = blankToNull(values.get("tenantId"));
        List<String> roles = chosenRoles(values);
        tasks.run("Inviting " + email, progress -> api.get().invite(email, tenantId, roles), code -> {
            message.set("Invited " + email);
            dialogs.show(new CopyableTextRequest("Invitation code for " + email,
                    "Give this code to " + email + ". It sets their password once with it, before "
                            + UserItemViewModel.format(code.expiresAt())
                            + ". It is shown only this once.", code.code()));
            search();
        }, failure -> dialogs.show(ErrorRequest.of("Could not invite " + email, failure)));
    }

    /** The problems of an invitation form: a valid e-mail, a tenant id that is empty or a UUID, at least one role. */
    public static Map<String, String> inviteProblems(Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        String email = values.getOrDefault("email", "").trim();
        if (email.isEmpty()) {
            problems.put("email", "required");
        } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            problems.put("email", "not an e-mail address");
        }
        String tenant = values.getOrDefault("tenantId", "").trim();
        if (!tenant.isEmpty() && !UUID.matcher(tenant).matches()) {
            problems.put("tenantId", "must be an organisation id (a UUID) or empty");
        }
        problems.putAll(roleProblems(values));
        return problems;
    }

    /** Asks for the user's new roles and sets them (the last active ADMIN cannot lose theirs: 409). */
    public void changeRoles(UserItemViewModel user) {
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("Roles of " + user.username(),
                "What " + user.username() + " may do.", roleFields(user.user().roles()),
                UsersViewModel::roleProblems, "Save roles"));
        if (answer.isEmpty()) {
            return;
        }
        List<String> roles = chosenRoles(answer.get());
        update("Changing the roles of " + user.username(), user, () -> api.get().changeRoles(user.id(), roles),
                "Roles of " + user.username() + ": " + String.join(", ", roles),
                "Could not change the roles of " + user.username());
    }

    /** Locks the user after a confirmation, or unlocks a locked one. */
    public void toggleLock(UserItemViewModel user) {
        if (user.isLocked()) {
            update("Unlocking " + user.username(), user, () -> api.get().setLocked(user.id(), false),
                    user.username() + " unlocked", "Could not unlock " + user.username());
            return;
        }
        boolean confirmed = dialogs.show(new ConfirmRequest("Lock user", "Lock " + user.username() + "?",
                List.of("They cannot log in any more; their sessions and API keys stop working within seconds.",
                        "Unlock them to let them in again."), "Lock", false)).orElse(false);
        if (confirmed) {
            update("Locking " + user.username(), user, () -> api.get().setLocked(user.id(), true),
                    user.username() + " locked", "Could not lock " + user.username());
        }
    }

    /** After a confirmation, issues a one-time password-reset code for the user and shows it once. */
    public void resetPassword(UserItemViewModel user) {
        boolean confirmed = dialogs.show(new ConfirmRequest("Reset password",
                "Issue a password-reset code for " + user.username() + "?",
                List.of("The code is shown once: hand it to the user, who sets a new password with it.",
                        "Older unused codes of this user stop working."), "Issue code", false)).orElse(false);
        if (!confirmed) {
            return;
        }
        tasks.run("Resetting the password of " + user.username(), progress -> api.get().resetPassword(user.id()),
                code -> {
                    message.set("Password-reset code issued for " + user.username());
                    dialogs.show(new CopyableTextRequest("Password-reset code for " + user.username(),
                            "Give this code to " + user.username() + ". It sets a new password once, before "
                                    + UserItemViewModel.format(code.expiresAt()) + ". It is shown only this once.",
                            code.code()));
                }, failure -> dialogs.show(ErrorRequest.of("Could not reset the password of " + user.username(),
                        failure)));
    }

    /** After a destructive confirmation, deletes the user and takes them off the list. */
    public void delete(UserItemViewModel user) {
        boolean confirmed = dialogs.show(new ConfirmRequest("Delete user", "Delete " + user.username() + "?",
                List.of("Their API keys are revoked and their personal data is removed.",
                        "Their usage history is kept under an anonymous id.",
                        "This cannot be undone."), "Delete user", true)).orElse(false);
        if (!confirmed) {
            return;
        }
        tasks.run("Deleting " + user.username(), progress -> api.get().delete(user.id()), deleted -> {
            users.removeIf(u -> u.id().equals(user.id()));
            if (selected.get() != null && selected.get().id().equals(user.id())) {
                select(null);
            }
            message.set(user.username() + " deleted");
        }, failure -> dialogs.show(ErrorRequest.of("Could not delete " + user.username(), failure)));
    }

    private void update(String title, UserItemViewModel user, Supplier<UserSummary> call, String done,
                        String failed) {
        tasks.run(title, progress -> call.get(), updated -> {
            replace(updated);
            message.set(done);
        }, failure -> dialogs.show(ErrorRequest.of(failed, failure)));
    }

    private void replace(UserSummary updated) {
        UserItemViewModel item = new UserItemViewModel(updated);
        boolean wasSelected = selected.get() != null && selected.get().id().equals(updated.id());
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).id().equals(updated.id())) {
                users.set(i, item); // a table may drop its selection meanwhile: it is set again below
            }
        }
        if (wasSelected) {
            select(item);
        }
    }

    // ---- API keys of the selected user ----

    /** Loads the selected user's keys; an earlier key load is dropped. */
    public void loadKeys() {
        cancelKeys();
        UserItemViewModel user = selected.get();
        keys.clear();
        if (user == null) {
            return;
        }
        keysMessage.set("Loading the API keys of " + user.username() + "…");
        keysLoad = tasks.run("Loading API keys", progress -> api.get().keys(user.id()), found -> {
            keys.setAll(found.stream().map(k -> new ApiKeyItemViewModel(k, clock.instant())).toList());
            long active = keys.stream().filter(ApiKeyItemViewModel::isActive).count();
            keysMessage.set(keys.isEmpty() ? user.username() + " has no API keys"
                    : user.username() + ": " + active + " active of " + keys.size() + " API keys");
        }, failure -> {
            keysMessage.set("Could not load the API keys of " + user.username());
            dialogs.show(ErrorRequest.of("Could not load the API keys of " + user.username(), failure));
        });
    }

    private void cancelKeys() {
        if (keysLoad != null) {
            keysLoad.cancel();
            keysLoad = null;
        }
    }

    /** Asks for a name (and lifetime), creates a key for the selected user and shows the raw key once. */
    public void createKey() {
        UserItemViewModel user = selected.get();
        if (user == null) {
            return;
        }
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("New API key",
                "A key that acts as " + user.username() + ". It is shown once.", List.of(
                        FormRequest.Field.text("name", "Name", "", "what uses it, e.g. reporting job"),
                        FormRequest.Field.text("expiresInDays", "Expires in days", "", "empty: the server's default")),
                UsersViewModel::keyProblems, "Create key"));
        if (answer.isEmpty()) {
            return;
        }
        String name = answer.get().get("name").trim();
        String days = answer.get().get("expiresInDays").trim();
        Integer expiresInDays = days.isEmpty() ? null : Integer.valueOf(days);
        tasks.run("Creating an API key", progress -> api.get().createKey(user.id(), name, expiresInDays), created -> {
            message.set("API key " + name + " created for " + user.username());
            dialogs.show(new CopyableTextRequest("New API key " + name,
                    "The key of " + user.username() + ". Copy it now: it is shown only this once, the server keeps "
                            + "only its hash.", created.rawKey()));
            if (selected.get() != null && selected.get().id().equals(user.id())) {
                loadKeys();
            }
        }, failure -> dialogs.show(ErrorRequest.of("Could not create an API key for " + user.username(), failure)));
    }

    /** The problems of a new key's form: a name of 1-100 characters, a lifetime of 1-3650 days or empty. */
    public static Map<String, String> keyProblems(Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        String name = values.getOrDefault("name", "").trim();
        if (name.isEmpty()) {
            problems.put("name", "required");
        } else if (name.length() > 100) {
            problems.put("name", "at most 100 characters");
        }
        String days = values.getOrDefault("expiresInDays", "").trim();
        if (!days.isEmpty()) {
            if (!days.matches("\\d{1,4}") || Integer.parseInt(days) < 1 || Integer.parseInt(days) > 3650) {
                problems.put("expiresInDays", "a number of days from 1 to 3650, or empty");
            }
        }
        return problems;
    }

    /** After a destructive confirmation, revokes one key of the selected user. */
    public void revokeKey(ApiKeyItemViewModel key) {
        UserItemViewModel user = selected.get();
        if (user == null || key == null) {
            return;
        }
        boolean confirmed = dialogs.show(new ConfirmRequest("Revoke API key",
                "Revoke the key " + key.name() + " (" + key.prefixText() + ") of " + user.username() + "?",
                List.of("Programs using it are refused from now on.", "This cannot be undone."),
                "Revoke key", true)).orElse(false);
        if (!confirmed) {
            return;
        }
        tasks.run("Revoking an API key", progress -> {
            api.get().revokeKey(user.id(), key.id());
            return key.name();
        }, name -> {
            message.set("API key " + name + " revoked");
            if (selected.get() != null && selected.get().id().equals(user.id())) {
                loadKeys();
            }
        }, failure -> dialogs.show(ErrorRequest.of("Could not revoke the key " + key.name(), failure)));
    }

    // ---- activation codes ----

    /** Asks for an organisation and domain, mints a plugin activation code and shows it once. */
    public void mintActivationCode() {
        String org = selected.get() != null ? selected.get().tenantId() : tenantFilter.get().trim();
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("Plugin activation code",
                "A single-use code a client plugin of the organisation activates with.", List.of(
                        FormRequest.Field.text("orgId", "Organisation id", org, "a UUID"),
                        FormRequest.Field.text("domain", "Plugin domain", "", "plugin.example.com")),
                UsersViewModel::activationProblems, "Mint code"));
        if (answer.isEmpty()) {
            return;
        }
        String orgId = answer.get().get("orgId").trim();
        String domain = answer.get().get("domain").trim().toLowerCase(Locale.ROOT);
        tasks.run("Minting an activation code", progress -> api.get().mintActivationCode(orgId, domain), code -> {
            message.set("Activation code minted for " + domain);
            dialogs.show(new CopyableTextRequest("Activation code for " + domain,
                    "For a plugin of organisation " + orgId + " on " + domain + ", usable once before "
                            + UserItemViewModel.format(code.expiresAt()) + ". It is shown only this once.",
                    code.code()));
        }, failure -> dialogs.show(ErrorRequest.of("Could not mint an activation code", failure)));
    }

    /** The problems of an activation-code form: an organisation UUID and a host name. */
    public static Map<String, String> activationProblems(Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        String org = values.getOrDefault("orgId", "").trim();
        if (!UUID.matcher(org).matches()) {
            problems.put("orgId", "must be an organisation id (a UUID)");
        }
        String domain = values.getOrDefault("domain", "").trim();
        if (!DOMAIN.matcher(domain).matches()) {
            problems.put("domain", "a host name such as plugin.example.com");
        }
        return problems;
    }

    // ---- roles in forms ----

    private static List<FormRequest.Field> roleFields(List<String> initial) {
        return ROLES.stream().map(role -> FormRequest.Field.checkbox(ROLE_FIELD + role, role, initial.contains(role)))
                .toList();
    }

    static List<String> chosenRoles(Map<String, String> values) {
        return ROLES.stream().filter(role -> Boolean.parseBoolean(values.get(ROLE_FIELD + role))).toList();
    }

    /** At least one role (the problem is shown beside the first role's box). */
    public static Map<String, String> roleProblems(Map<String, String> values) {
        return chosenRoles(values).isEmpty() ? Map.of(ROLE_FIELD + ROLES.get(0), "choose at least one role")
                : Map.of();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    // ---- properties ----

    public StringProperty searchProperty() {
        return search;
    }

    public StringProperty tenantFilterProperty() {
        return tenantFilter;
    }

    /** A role name, or {@link #ANY}. */
    public StringProperty roleFilterProperty() {
        return roleFilter;
    }

    /** A status name, or {@link #ANY}. */
    public StringProperty statusFilterProperty() {
        return statusFilter;
    }

    public ObservableList<UserItemViewModel> users() {
        return users;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    /** "12 users", "No users match", "Loading users…". */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }

    /** What the last action did ("alice@example.com locked"). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<UserItemViewModel> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ObservableList<ApiKeyItemViewModel> keys() {
        return keys;
    }

    public ReadOnlyStringProperty keysMessageProperty() {
        return keysMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }
}
