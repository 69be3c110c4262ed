package dev.familiar.admin;

import dev.familiar.admin.catalog.CatalogView;
import dev.familiar.admin.catalog.CatalogViewModel;
import dev.familiar.admin.catalog.ClientCatalogApi;
import dev.familiar.admin.customers.ClientCustomersApi;
import dev.familiar.admin.customers.CustomersScreen;
import dev.familiar.admin.customers.DesktopUrlOpener;
import dev.familiar.admin.directory.ClientDirectoryApi;
import dev.familiar.admin.directory.DirectoryView;
import dev.familiar.admin.directory.DirectoryViewModel;
import dev.familiar.admin.directory.FxDebouncer;
import dev.familiar.admin.home.HomeScreen;
import dev.familiar.admin.promptlab.PromptLabView;
import dev.familiar.admin.purchases.ClientPurchasesApi;
import dev.familiar.admin.purchases.PurchasesView;
import dev.familiar.admin.purchases.PurchasesViewModel;
import dev.familiar.admin.screens.ScreenDescriptor;
import dev.familiar.admin.screens.ScreenRegistry;
import dev.familiar.admin.usage.ClientUsageApi;
import dev.familiar.admin.usage.FxCsvFileChooser;
import dev.familiar.admin.usage.UsageView;
import dev.familiar.admin.usage.UsageViewModel;
import dev.familiar.admin.users.ClientUsersApi;
import dev.familiar.admin.users.UsersView;
import dev.familiar.admin.users.UsersViewModel;
import dev.familiar.admin.webhooks.ClientWebhooksApi;
import dev.familiar.admin.webhooks.WebhooksView;
import dev.familiar.admin.webhooks.WebhooksViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every screen of the console, in navigation order: the one list to add a screen to (see docs/CONSOLE.md, "Adding a
 * screen"). Shortcuts: Ctrl+1 home, then one digit per area.
 */
public final class ConsoleScreens {
    private ConsoleScreens() {
    }

    public static ScreenRegistry registry() {
        AtomicReference<ScreenRegistry> self = new AtomicReference<>();
        List<ScreenDescriptor> screens = new ArrayList<>();
        screens.add(new ScreenDescriptor(HomeScreen.ID, "Home", 1,
                context -> new HomeScreen(context.navigator(), self::get, context.session())));
        screens.add(new ScreenDescriptor(CatalogView.ID, "Catalog", 2, context -> new CatalogView(new CatalogViewModel(
                context.session().api(c -> new ClientCatalogApi(c.catalog())), context.tasks(), context.dialogs()))));
        screens.add(new ScreenDescriptor(CustomersScreen.ID, "Customers", 3,
                context -> CustomersScreen.create(context, ClientCustomersApi::new, new DesktopUrlOpener())));
        screens.add(new ScreenDescriptor(UsersView.ID, "Users & keys", 4, context -> new UsersView(new UsersViewModel(
                context.session().api(ClientUsersApi::new), context.tasks(), context.dialogs()))));
        // Usage (issue 16): the dashboards, ADMIN.
        screens.add(new ScreenDescriptor(UsageView.ID, "Usage", 5, context -> new UsageView(new UsageViewModel(
                context.session().api(ClientUsageApi::new), context.tasks(), context.dialogs(),
                new FxCsvFileChooser(FxCsvFileChooser::focusedWindow))), Set.of("ADMIN")));
        // ADMIN edits tiers, tenant limits and organisation quotas; a TENANT_ADMIN their own tenant's rate limit.
        screens.add(new ScreenDescriptor(dev.familiar.admin.limits.LimitsView.ID, "Quotas & limits", 6,
                context -> new dev.familiar.admin.limits.LimitsView(new dev.familiar.admin.limits.LimitsViewModel(
                        context.session().api(c -> new dev.familiar.admin.limits.ClientLimitsApi(c.tokenSettings())),
                        context.tasks(), context.dialogs(), () -> context.session().rolesProperty().get(),
                        () -> new FxDebouncer(FxDebouncer.SEARCH_QUIET))),
                Set.of("ADMIN", "TENANT_ADMIN")));
        // The directory routes are ADMIN's (/api/admin/directory): the entry is offered to administrators only.
        screens.add(new ScreenDescriptor(DirectoryView.ID, "Directory", 7, context -> new DirectoryView(
                new DirectoryViewModel(context.session().api(c -> new ClientDirectoryApi(c.directory())),
                        context.tasks(), context.dialogs(), () -> new FxDebouncer(FxDebouncer.SEARCH_QUIET))),
                Set.of("ADMIN")));
        // The server lets ADMIN and PROMPT_ENGINEER in (Access.PROMPT_ENGINEER): the entry is offered to them only.
        screens.add(new ScreenDescriptor(PromptLabView.ID, "Prompt Lab", 8, PromptLabView::create,
                Set.of("ADMIN", "PROMPT_ENGINEER")));
        // Issue 16: the webhook inbox, token purchases and the audit log (ADMIN; the audit log also TENANT_ADMIN).
        screens.add(new ScreenDescriptor(WebhooksView.ID, "Webhooks", 9, context -> new WebhooksView(
                new WebhooksViewModel(context.session().api(c -> new ClientWebhooksApi(c.webhooks())),
                        context.tasks(), context.dialogs())), Set.of("ADMIN")));
        screens.add(new ScreenDescriptor(PurchasesView.ID, "Purchases", 0, context -> new PurchasesView(
                new PurchasesViewModel(context.session().api(c -> new ClientPurchasesApi(c.purchases())),
                        context.tasks(), context.dialogs())), Set.of("ADMIN")));
        screens.add(new ScreenDescriptor(dev.familiar.admin.audit.AuditView.ID, "Audit log", 0,
                dev.familiar.admin.audit.AuditView::create, Set.of("ADMIN", "TENANT_ADMIN")));
        ScreenRegistry registry = new ScreenRegistry(screens);
        self.set(registry);
        return registry;
    }
}
