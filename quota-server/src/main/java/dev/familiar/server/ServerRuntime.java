package dev.familiar.server;

import dev.familiar.server.activation.ActivationRoutes;
import dev.familiar.server.activation.ActivationService;
import dev.familiar.server.activation.RevokedFamilies;
import dev.familiar.server.admin.AdminBootstrap;
import dev.familiar.server.admin.InProcessAdminSessions;
import dev.familiar.server.apikeys.ApiKeyRoutes;
import dev.familiar.server.apikeys.ApiKeyService;
import dev.familiar.server.apikeys.ApiKeyStore;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.auth.IdentityVerifier;
import dev.familiar.server.auth.RouteGuard;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.billing.BillingAccountStore;
import dev.familiar.server.billing.BillingAdminRoutes;
import dev.familiar.server.billing.BillingEventApplier;
import dev.familiar.server.billing.BillingEventWorker;
import dev.familiar.server.billing.BillingRoutes;
import dev.familiar.server.billing.BillingService;
import dev.familiar.server.billing.SignupService;
import dev.familiar.server.billing.WebhookRoutes;
import dev.familiar.server.billing.dryrun.DryRunBillingGateway;
import dev.familiar.server.billing.dryrun.DryRunRenewalScheduler;
import dev.familiar.server.billing.gateway.BillingGateway;
import dev.familiar.server.billing.stripe.StripeBillingGateway;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.billing.webhook.WebhookSignature;
import dev.familiar.server.catalog.CatalogRoutes;
import dev.familiar.server.catalog.CatalogStore;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.customers.CustomerRoutes;
import dev.familiar.server.customers.CustomerStore;
import dev.familiar.server.customers.Customers;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.LlmTokenRoutes;
import dev.familiar.server.llm.TokenConsumption;
import dev.familiar.server.llm.analytics.AnalyticsRoutes;
import dev.familiar.server.llm.analytics.UsageEventLog;
import dev.familiar.server.llm.analytics.UsageRetentionJob;
import dev.familiar.server.llm.provider.Providers;
import dev.familiar.server.llm.purchase.PurchaseRoutes;
import dev.familiar.server.llm.purchase.PurchaseService;
import dev.familiar.server.llm.purchase.PurchaseSteps;
import dev.familiar.server.llm.purchase.PurchaseStore;
import dev.familiar.server.llm.purchase.PurchaseWorker;
import dev.familiar.server.llm.quota.QuotaStore;
import dev.familiar.server.llm.quota.ReservationLedger;
import dev.familiar.server.llm.quota.TierStore;
import dev.familiar.server.llm.ratelimit.BucketStore;
import dev.familiar.server.llm.ratelimit.LocalBucketStore;
import dev.familiar.server.llm.ratelimit.RateLimiter;
import dev.familiar.server.llm.ratelimit.RedisBucketStore;
import dev.familiar.server.db.Database;
import dev.familiar.server.db.DatabaseKind;
import dev.familiar.server.entitlement.EntitlementService;
import dev.familiar.server.entitlement.EntitlementStore;
import dev.familiar.server.entitlement.TenantRoutes;
import dev.familiar.server.quota.RolloverRoutes;
import dev.familiar.server.quota.RolloverScheduler;
import dev.familiar.server.quota.RolloverService;
import dev.familiar.server.usage.DatabaseUsageCounters;
import dev.familiar.server.usage.LocalUsageCounters;
import dev.familiar.server.usage.MeteringRoutes;
import dev.familiar.server.usage.RedisUsageCounters;
import dev.familiar.server.usage.UsageCounters;
import dev.familiar.server.usage.UsageLedger;
import dev.familiar.server.usage.DatabaseUsageLedger;
import dev.familiar.server.usage.JournaledUsageLedger;
import dev.familiar.server.usage.UsageJournalSettings;
import dev.familiar.server.diag.DiagRoutes;
import dev.familiar.server.directory.Directories;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryStatusRoutes;
import dev.familiar.server.directory.access.EffectiveRoles;
import dev.familiar.server.directory.access.MappedGroupRoles;
import dev.familiar.server.directory.access.RoleMappingAdministration;
import dev.familiar.server.directory.access.RoleMappingRoutes;
import dev.familiar.server.directory.access.RoleMappingStore;
import dev.familiar.server.directory.provisioning.MembershipChange;
import dev.familiar.server.directory.provisioning.PlanGroupProvisioning;
import dev.familiar.server.directory.provisioning.Provisioning;
import dev.familiar.server.directory.provisioning.ProvisioningJobs;
import dev.familiar.server.directory.provisioning.ProvisioningRoutes;
import dev.familiar.server.directory.provisioning.ProvisioningWorker;
import dev.familiar.server.health.HealthRoutes;
import dev.familiar.server.http.HttpApp;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.ServerRoutes;
import dev.familiar.server.observability.AccessLog;
import dev.familiar.server.prompt.PromptVersions;
import dev.familiar.server.prompt.lab.IterationStore;
import dev.familiar.server.prompt.lab.LabIterationRunner;
import dev.familiar.server.prompt.lab.PromptLabRoutes;
import dev.familiar.server.prompt.lab.RndBudgets;
import dev.familiar.server.observability.HttpMetrics;
import dev.familiar.server.observability.MetricsRoutes;
import dev.familiar.server.prompt.functions.Deployments;
import dev.familiar.server.prompt.functions.PromptFunctionRoutes;
import dev.familiar.server.prompt.functions.PromptFunctionStore;
import dev.familiar.server.prompt.functions.PromptFunctions;
import dev.familiar.server.prompt.runtime.FunctionInvoker;
import dev.familiar.server.prompt.runtime.FunctionRuntimeRoutes;
import dev.familiar.server.openapi.OpenApiRoutes;
import dev.familiar.server.prompt.batch.BatchRoutes;
import dev.familiar.server.prompt.batch.BatchSettings;
import dev.familiar.server.prompt.batch.BatchStore;
import dev.familiar.server.prompt.batch.Batches;
import dev.familiar.server.prompt.datasets.DataSetRoutes;
import dev.familiar.server.prompt.datasets.DataSetStore;
import dev.familiar.server.prompt.datasets.DataSets;
import dev.familiar.server.prompt.datasets.RowChecker;
import dev.familiar.server.redis.RedisConnection;
import dev.familiar.server.security.AddressRateLimit;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.tokens.AccessTokens;
import dev.familiar.server.tokens.SigningKeys;
import dev.familiar.server.tokens.TokenRoutes;
import dev.familiar.server.tokens.TokenSettings;
import dev.familiar.server.users.AuthRoutes;
import dev.familiar.server.users.ExternalUsers;
import dev.familiar.server.users.FailureStore;
import dev.familiar.server.users.InMemoryFailureStore;
import dev.familiar.server.users.LoginThrottle;
import dev.familiar.server.users.RedisFailureStore;
import dev.familiar.server.users.UserStore;
import dev.familiar.server.users.admin.LockedAccounts;
import dev.familiar.server.users.admin.UserAdminRoutes;
import dev.familiar.server.users.admin.UserAdministration;
import dev.familiar.server.users.admin.UserDirectory;
import dev.familiar.server.users.invitations.InvitationRoutes;
import dev.familiar.server.users.invitations.Invitations;
import dev.familiar.server.users.invitations.PasswordChanges;
import dev.familiar.server.users.invitations.UserCodeStore;
import dev.familiar.server.users.invitations.UserCodes;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one running server: database, Redis, meters, routes, HTTP. Start-up failures close whatever was
 * opened and surface as a {@link StartupException} with a one-line reason.
 */
final class ServerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);

    private final ServerConfig config;
    private final Javalin app;
    /** Everything to close after HTTP has stopped, in the order it was opened (closed in reverse). */
    private final List<AutoCloseable> resources;
    private final RouteTable routes;
    private final Optional<String> oneTimeAdminNotice;
    private volatile InProcessAdminSessions adminSessions;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ServerRuntime(ServerConfig config, Javalin app, RouteTable routes, Optional<String> oneTimeAdminNotice,
                          List<AutoCloseable> resources) {
        this.config = config;
        this.app = app;
        this.routes = routes;
        this.oneTimeAdminNotice = oneTimeAdminNotice;
        this.resources = List.copyOf(resources);
    }

    /** Test seams: parts used instead of the configured ones (empty: the configured ones). */
    record Overrides(Optional<Directory> directory, Optional<dev.familiar.server.directory.GroupRoles> groupRoles,
                     Optional<PasswordHasher> passwordHasher) {
        static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty(), Optional.empty());

        Overrides(Optional<Directory> directory, Optional<dev.familiar.server.directory.GroupRoles> groupRoles) {
            this(directory, groupRoles, Optional.empty());
        }

        // [issue17-ci] tests hash passwords at a low cost (CI time); only this package-private seam can, never
        // a setting: Main and the console start through FamiliarServer.start(ServerConfig), i.e. NONE (600,000).
        Overrides withPasswordHasher(PasswordHasher hasher) {
            return new Overrides(directory, groupRoles, Optional.of(hasher));
        }
    }

    static ServerRuntime start(ServerConfig config, List<RouteModule> extraRoutes, Clock clock) {
        return start(config, extraRoutes, clock, Overrides.NONE);
    }

    static ServerRuntime start(ServerConfig config, List<RouteModule> extraRoutes, Clock clock, Overrides overrides) {
        BuildInfo build = BuildInfo.current();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            createDataDir(config.dataDir());
            Database database = open("the database", () -> Database.open(config));
            opened.add(database);
            Optional<RedisConnection> redis = Optional.empty();
            if (config.redisUrl().isPresent()) {
                RedisConnection connection = open("Redis", () -> RedisConnection.connect(config.redisUrl().get()));
                opened.add(connection);
                redis = Optional.of(connection);
            }
            PasswordHasher hasher = overrides.passwordHasher().orElseGet(PasswordHasher::new); // [issue17-ci]
            AtomicReference<String> adminNotice = new AtomicReference<>();
            new AdminBootstrap(database.dataSource(), hasher, clock, notice -> {
                System.out.println(notice);
                adminNotice.set(notice);
            }).seedIfEmpty(config.adminUsername(), config.adminPassword());

            HttpMetrics metrics = new HttpMetrics(build.service(), build.version());
            opened.add(metrics);
            JsonBodies bodies = new JsonBodies(JsonBodies.strictMapper());
            DataSource ds = database.dataSource();
            TokenSettings tokenSettings = config.tokens();
            SigningKeys signingKeys = new SigningKeys(ds, clock, tokenSettings.longestAccessTokenLifetime());
            signingKeys.initialize();
            AccessTokens accessTokens = new AccessTokens(signingKeys, tokenSettings, clock);
            AuditLog audit = new AuditLog(ds, clock);
            InProcessAdminSessions adminSessions = new InProcessAdminSessions(ds, accessTokens, audit);
            UserStore users = new UserStore(ds);
            ApiKeyStore apiKeyStore = new ApiKeyStore(ds);
            ApiKeyService apiKeys = new ApiKeyService(apiKeyStore, users, clock, tokenSettings.apiKeyTtl(),
                    tokenSettings.apiKeysPerUser());
            RevokedFamilies revokedFamilies = new RevokedFamilies(ds, clock,
                    AccessTokens.acceptedFor(tokenSettings.activationTokenTtl()));
            LockedAccounts lockedAccounts = new LockedAccounts(ds, clock, AccessTokens.acceptedFor(tokenSettings.userTokenTtl()));
            IdentityVerifier identityVerifier = new IdentityVerifier(accessTokens, apiKeys, clock, revokedFamilies,
                    lockedAccounts);
            FailureStore failures = redis.<FailureStore>map(r -> new RedisFailureStore(r.connection().sync()))
                    .orElseGet(() -> new InMemoryFailureStore(clock));
            ActivationService activation = new ActivationService(ds, accessTokens, tokenSettings, audit, revokedFamilies,
                    clock);
            UserCodeStore userCodeStore = new UserCodeStore(ds);
            UserCodes userCodes = new UserCodes(ds, userCodeStore, users, hasher, audit, tokenSettings.invitationTtl(),
                    tokenSettings.passwordResetTtl(), clock);
            Invitations invitations = new Invitations(ds, users, userCodes, audit, clock);

            PlanStore plans = new PlanStore(ds, clock);
            plans.seedIfEmpty();
            EntitlementStore entitlementStore = new EntitlementStore(ds);
            EntitlementService entitlements = new EntitlementService(ds, entitlementStore, plans, clock);
            AtomicReference<UsageCounters> countersRef = new AtomicReference<>();
            // [issue17-ledger] embedded H2: this process decides, journals, and writes H2 behind; otherwise per batch in the database
            UsageJournalSettings journalSettings = UsageJournalSettings.from(System.getenv());
            Optional<java.nio.file.Path> journalDir = database.kind() == DatabaseKind.H2 && redis.isEmpty()
                    && journalSettings.enabled() ? UsageJournalSettings.journalDirFor(config.dbUrl()) : Optional.empty();
            if (journalDir.isEmpty() && database.kind() == DatabaseKind.H2 && redis.isEmpty()) {
                // the journal is off now, but an earlier run may have journaled events H2 has not got yet
                Optional<java.nio.file.Path> earlier = UsageJournalSettings.journalDirFor(config.dbUrl());
                if (earlier.isPresent()) {
                    open("the usage journal of an earlier run", () -> {
                        JournaledUsageLedger.applyLeftovers(ds, clock, earlier.get());
                        return Boolean.TRUE;
                    });
                }
            }
            UsageLedger ledger = journalDir.isPresent()
                    ? open("the usage journal", () -> JournaledUsageLedger.open(ds, clock,
                            (key, used) -> countersRef.get().committed(key, used), journalDir.get(),
                            journalSettings.forceEachGroup()))
                    : new DatabaseUsageLedger(ds, clock, (key, used) -> countersRef.get().committed(key, used));
            if (ledger instanceof JournaledUsageLedger journaled) {
                metrics.registry().gauge("familiar.usage.journal.backlog", journaled, JournaledUsageLedger::backlog);
            }
            opened.add(ledger);
            UsageCounters counters = chooseCounters(database, redis, ledger, metrics);
            countersRef.set(counters);
            RolloverService rollover = new RolloverService(ds, entitlementStore, plans, counters, clock);
            opened.add(new RolloverScheduler(rollover, Duration.ofMinutes(1)));

            CatalogStore catalog = new CatalogStore(ds, plans, clock);
            catalog.seedIfMissing();
            BillingSettings billingSettings = config.billing();
            var mapper = JsonBodies.strictMapper();
            WebhookInbox inbox = new WebhookInbox(ds, clock);
            BillingAccountStore billingAccounts = new BillingAccountStore(ds);
            AtomicReference<BillingEventWorker> workerRef = new AtomicReference<>();
            Runnable eventsWaiting = () -> {
                BillingEventWorker w = workerRef.get();
                if (w != null) {
                    w.nudge();
                }
            };
            BillingGateway gateway;
            Optional<BillingService.Renewals> renewals = Optional.empty();
            if (billingSettings.mode() == BillingSettings.Mode.STRIPE) {
                gateway = new StripeBillingGateway(billingSettings.stripeApiKey().orElseThrow(), billingSettings.stripeApiBase());
                if (billingSettings.webhookSecrets().isEmpty()) {
                    LOG.warn("Billing: Stripe mode without FAMILIAR_STRIPE_WEBHOOK_SECRET: webhooks will be refused");
                }
                LOG.info("Billing: Stripe at {}", billingSettings.stripeApiBase());
            } else {
                DryRunBillingGateway dryRun = new DryRunBillingGateway(ds, catalog, inbox, eventsWaiting, mapper, clock);
                gateway = dryRun;
                renewals = Optional.of(dryRun::advanceCycle);
                opened.add(new DryRunRenewalScheduler(dryRun, Duration.ofMinutes(1)));
                LOG.warn("Billing: DRY-RUN mode: no payment is taken and Stripe is not called; subscriptions and invoices "
                        + "are simulated locally (set FAMILIAR_STRIPE_API_KEY for Stripe)");
                if (billingSettings.acceptsUnsignedWebhooks()) {
                    LOG.warn("Billing: UNSIGNED WEBHOOKS ARE ACCEPTED (FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED=true): anyone "
                            + "who can reach POST /api/webhooks/stripe can change any organisation's plan. Development only");
                }
            }
            // Provisioning (issue 15): sign-up and cancellation queue directory jobs; the worker starts with the directory.
            ProvisioningJobs provisioningJobs = new ProvisioningJobs(ds, audit, clock);
            AtomicReference<ProvisioningWorker> provisioningRef = new AtomicReference<>();
            Provisioning provisioning = new PlanGroupProvisioning(provisioningJobs, plans, () -> {
                ProvisioningWorker w = provisioningRef.get();
                if (w != null) {
                    w.nudge();
                }
            });
            BillingEventApplier applier = new BillingEventApplier(ds, billingAccounts, entitlementStore, entitlements,
                    catalog, inbox, audit, mapper, provisioning, clock);
            BillingEventWorker worker = new BillingEventWorker(inbox, applier, clock);
            workerRef.set(worker);
            opened.add(worker);
            BillingService billing = new BillingService(ds, gateway, billingAccounts, catalog, plans, entitlementStore,
                    entitlements, audit, renewals, provisioning, billingSettings.returnUrl(), clock);
            SignupService signups = new SignupService(ds, gateway, billingAccounts, catalog, entitlements, entitlementStore,
                    activation, users, invitations, provisioning, billingSettings.collectCardFirst(),
                    billingSettings.returnUrl(), clock);

            LlmTokenSettings llm = config.llm();
            Providers providers = Providers.from(llm, new okhttp3.OkHttpClient());
            if (!providers.dryRunNames().isEmpty()) {
                LOG.warn("LLM providers in DRY-RUN (echo, no key configured): {}", providers.dryRunNames());
            }
            BucketStore buckets = redis.<BucketStore>map(r -> new RedisBucketStore(r.connection()))
                    .orElseGet(LocalBucketStore::new);
            // Token settings (issue 16): tiers, the default tier and tenants' buckets are rows, seeded from `llm` (the
            // environment) at the first start only; every reader goes through `liveTokens` (refresh bound: its config).
            dev.familiar.server.llm.settings.TokenSettingsConfig tokenSettingsConfig =
                    dev.familiar.server.llm.settings.TokenSettingsConfig.from(System.getenv());
            dev.familiar.server.llm.settings.TokenSettingsStore tokenSettingsStore =
                    new dev.familiar.server.llm.settings.TokenSettingsStore(ds);
            dev.familiar.server.llm.settings.LiveTokenSettings liveTokens = dev.familiar.server.llm.settings
                    .LiveTokenSettings.open(tokenSettingsStore, llm, tokenSettingsConfig.refresh(), clock);
            TierStore tiers = new TierStore(ds, liveTokens, clock);
            QuotaStore quotas = new QuotaStore(ds, clock);
            dev.familiar.server.llm.settings.OrgQuotas orgQuotas =
                    new dev.familiar.server.llm.settings.OrgQuotas(tokenSettingsStore, quotas, clock);
            // [issue17-tokens] one embedded server decides reservations in memory, journalled (llm.quota.QuotaBook)
            ReservationLedger reservations = new ReservationLedger(quotas,
                    dev.familiar.server.llm.quota.QuotaBook.usableFor(config.dbUrl())
                            ? dev.familiar.server.llm.quota.QuotaBook.open(quotas, ds, clock,
                                    dev.familiar.server.llm.quota.QuotaBook.journalFor(config.dbUrl()))
                            : null);
            opened.add(reservations);
            UsageEventLog usageEvents = new UsageEventLog(ds);
            opened.add(usageEvents);
            // [issue17-tokens] the writers' depth, so a load run can show that nothing is deferred without a bound
            io.micrometer.core.instrument.Gauge.builder("familiar.llm.usage.events.backlog", usageEvents,
                    UsageEventLog::backlog).description("token usage events handed over and not yet written")
                    .register(metrics.registry());
            reservations.book().ifPresent(book -> io.micrometer.core.instrument.Gauge.builder(
                    "familiar.llm.reservations.pending.quotas", book, dev.familiar.server.llm.quota.QuotaBook::backlog)
                    .description("quotas with journalled reservations not yet applied to their rows")
                    .register(metrics.registry()));
            opened.add(new UsageRetentionJob(ds, llm.retention(), clock));
            TokenConsumption consumption = new TokenConsumption(new RateLimiter(buckets, liveTokens, clock), tiers, quotas,
                    reservations, usageEvents, llm, clock, audit, metrics.registry());

            PurchaseStore purchaseStore = new PurchaseStore(ds, clock);
            PurchaseSteps purchaseSteps = new PurchaseSteps(ds, purchaseStore, quotas, gateway, tenant -> {
                try {
                    return billingAccounts.find(tenant).flatMap(a -> a.customerId());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, clock);
            PurchaseWorker purchaseWorker = new PurchaseWorker(purchaseStore, purchaseSteps, clock);
            opened.add(purchaseWorker);
            PurchaseService purchases = new PurchaseService(purchaseStore, llm, purchaseWorker::nudge, clock);

            // Prompt functions (issue 14): the store is also the PromptVersions port the lab reads versions through.
            PromptFunctionStore promptFunctions = new PromptFunctionStore(ds);
            Deployments promptDeployments = new Deployments(promptFunctions, config.prompts(),
                    name -> providers.find(name).isPresent(), clock);
            if (!config.prompts().approvalRequired()) {
                LOG.warn("PROMPT DEPLOYMENTS NEED NO APPROVAL (FAMILIAR_PROMPT_APPROVAL=off): a requested deployment of a "
                        + "prompt function is active at once, without a second person's review");
            }
            // Prompt Lab, data sets and batches read versions from the prompt functions' store: its one source.
            PromptVersions promptVersions = promptFunctions;
            IterationStore labIterations = new IterationStore(ds);
            RndBudgets rndBudgets = new RndBudgets(ds, clock);
            LabIterationRunner labRunner = new LabIterationRunner(ds, promptVersions, providers, llm, labIterations,
                    rndBudgets, clock, System::nanoTime);

            // Directory (issue 15): Microsoft Entra over Graph with FAMILIAR_ENTRA_* settings, else the local directory
            // (dry-run: groups in our database over our accounts). `directory` is the port the directory route modules,
            // the group -> role mappings and provisioning use; their modules are added right after directoryStatus.
            Directory directory = overrides.directory().isPresent() ? overrides.directory().get()
                    : open("the directory", () -> Directories.open(config.entra(), ds, clock));
            DirectoryStatusRoutes directoryStatus = new DirectoryStatusRoutes(directory, config.entra(), clock);
            // Group -> role mappings (issue 15): members of a mapped directory group hold its roles in the tokens we
            // issue them (EffectiveRoles, at login); the mappings are read again at most every 10 s, at once after a
            // change through this server. The group delete route calls roleMappings::forgetGroup.
            RoleMappingStore roleMappingStore = new RoleMappingStore(ds);
            MappedGroupRoles groupRoles = new MappedGroupRoles(roleMappingStore, clock);
            EffectiveRoles effectiveRoles = new EffectiveRoles(directory, groupRoles, metrics.registry());
            RoleMappingAdministration roleMappings = new RoleMappingAdministration(roleMappingStore, groupRoles,
                    directory, clock);
            // Provisioning's worker (issue 15): executes the jobs sign-up and cancellation queued, against `directory`.
            ProvisioningWorker provisioningWorker = new ProvisioningWorker(provisioningJobs,
                    new MembershipChange(directory), ProvisioningWorker.Settings.DEFAULTS, clock).start();
            provisioningRef.set(provisioningWorker);
            opened.add(provisioningWorker);

            HealthRoutes health = new HealthRoutes(database, redis, () -> countersRef.get().mode(), gateway.mode(),
                    billingSettings.acceptsUnsignedWebhooks(), directoryStatus::readiness);
            // Javalin tries a method's routes in this order, one path regex each: the metered routes (static paths
            // only, so nothing after them can be shadowed) first: routing fell from 4.9 to 1.7 % of the quota check's
            // request threads in JFR (docs/performance/http.md).
            List<RouteModule> modules = new ArrayList<>(List.of(
                    new MeteringRoutes(bodies, JsonBodies.strictMapper(), entitlements, ledger, counters, clock,
                            config.maxUsageValue()),
                    new LlmTokenRoutes(bodies, consumption, providers, quotas, tiers, users,
                            new ExternalUsers(users, clock), audit, llm, liveTokens, orgQuotas, build, clock),
                    health,
                    new MetricsRoutes(metrics),
                    new OpenApiRoutes(),
                    new DiagRoutes(metrics.registry(), bodies),
                    new TokenRoutes(signingKeys, audit),
                    new AuthRoutes(bodies, users, hasher, accessTokens, new LoginThrottle(failures, clock),
                            new AddressRateLimit(config.registrationsPerMinute(), clock), audit, clock, effectiveRoles),
                    new ApiKeyRoutes(bodies, apiKeys, apiKeyStore, users, audit, clock, identityVerifier::forgetKeysOf),
                    new InvitationRoutes(bodies, invitations, userCodes, new PasswordChanges(ds, users, userCodeStore,
                            hasher, new LoginThrottle(failures, clock), audit, clock), accessTokens,
                            new AddressRateLimit(config.registrationsPerMinute(), clock), audit, users, effectiveRoles),
                    new ActivationRoutes(bodies, activation, users),
                    new TenantRoutes(bodies, entitlements, audit, clock),
                    new RolloverRoutes(rollover, audit),
                    new CatalogRoutes(bodies, plans, catalog, audit, directory, clock),
                    new BillingRoutes(bodies, signups, new AddressRateLimit(billingSettings.signupsPerMinute(), clock), billing),
                    new BillingAdminRoutes(billing),
                    new CustomerRoutes(new Customers(new CustomerStore(ds), plans, entitlementStore, billing, clock)),
                    new WebhookRoutes(bodies, mapper, new WebhookSignature(billingSettings.webhookSecrets(), clock),
                            billing.dryRun(), billingSettings.acceptsUnsignedWebhooks(), inbox, eventsWaiting),
                    new AnalyticsRoutes(ds, llm, clock),
                    new PurchaseRoutes(bodies, purchases, purchaseStore, users, llm.providers().keySet()),
                    new UserAdminRoutes(bodies, new UserAdministration(new UserDirectory(ds, audit), lockedAccounts,
                            identityVerifier::forgetKeysOf, audit, clock)),
                    new PromptLabRoutes(bodies, labRunner, labIterations, rndBudgets, audit)));
            modules.add(new PromptFunctionRoutes(bodies, new PromptFunctions(promptFunctions, clock), promptFunctions,
                    promptDeployments, () -> providers.names().stream().map(n -> new dev.familiar.model.prompt.LabStatus
                    .ProviderInfo(n, llm.providers().get(n).model(), providers.find(n).orElseThrow().dryRun())).toList(),
                    audit));
            modules.add(new FunctionRuntimeRoutes(bodies, new FunctionInvoker(promptFunctions, consumption, providers, llm),
                    new dev.familiar.server.llm.ActingUsers(users, new ExternalUsers(users, clock), audit), llm));
            // Prompt Lab data sets and batches: rows checked against the versions, run through the lab's runner.
            DataSets dataSets = new DataSets(new DataSetStore(ds), promptVersions, RowChecker.SCHEMA, clock);
            Batches batches = new Batches(new BatchStore(ds), dataSets, promptVersions, labRunner,
                    BatchSettings.from(System.getenv()), clock).start(Batches.databaseIsOurs(config.dbUrl()));
            opened.add(batches);
            modules.add(new DataSetRoutes(bodies, dataSets, audit));
            modules.add(new BatchRoutes(bodies, batches, audit));
            modules.add(directoryStatus);
            modules.add(new RoleMappingRoutes(bodies, roleMappings, audit));
            modules.add(new ProvisioningRoutes(provisioningJobs));
            // Directory admin API (issue 15): groups, members, users; a deleted group's role mappings go with it.
            modules.add(new dev.familiar.server.directory.admin.DirectoryAdminRoutes(bodies,
                    new dev.familiar.server.directory.admin.DirectoryAdministration(directory, roleMappings::forgetGroup,
                            audit)));
            // Entra sign-in (issue 15): a verified ID token -> the person's groups (`directory`) -> roles (`groupRoles`)
            modules.add(dev.familiar.server.directory.signin.EntraSignInRoutes.create(bodies, config.entra(), directory,
                    overrides.groupRoles().orElse(groupRoles), ds, users, accessTokens, config.registrationsPerMinute(),
                    audit, clock));
            // Issue 16 (admin console, part 2): the audit log read back (JSON pages, streamed CSV) ...
            modules.add(new dev.familiar.server.audit.query.AuditRoutes(new dev.familiar.server.audit.query.AuditQueries(
                    new dev.familiar.server.audit.query.AuditStore(ds)), audit, clock));
            // ... token settings as data (tiers, tenant limits, organisation quotas; previews) ...
            modules.add(new dev.familiar.server.llm.settings.TokenSettingsRoutes(bodies,
                    new dev.familiar.server.llm.settings.TokenSettingsAdministration(tokenSettingsStore, liveTokens,
                            tokenSettingsConfig, clock), orgQuotas, llm.providers().keySet(), audit));
            // ... the dashboards over daily rollups (the rollup job runs on every server; a day is rolled once) ...
            opened.add(new dev.familiar.server.dashboard.DashboardRollup(ds, clock).start());
            modules.add(new dev.familiar.server.dashboard.DashboardRoutes(new dev.familiar.server.dashboard.Dashboards(
                    new dev.familiar.server.dashboard.DashboardStore(ds), llm, clock)));
            // ... and the webhook inbox and purchase sagas for administrators.
            modules.add(new dev.familiar.server.billing.inbox.WebhookInboxRoutes(bodies, mapper,
                    new dev.familiar.server.billing.inbox.InboxStore(ds, clock), new dev.familiar.server.billing.inbox
                    .WebhookReplay(new dev.familiar.server.billing.inbox.InboxStore(ds, clock), eventsWaiting), audit));
            modules.add(new dev.familiar.server.llm.purchase.PurchaseAdminRoutes(
                    new dev.familiar.server.llm.purchase.PurchaseQueries(ds)));
            // The gauges operations alert on (docs/OPERATIONS.md): readiness, open webhook events, purchase sagas.
            dev.familiar.server.observability.ReadinessMetrics.register(metrics.registry(), health::ready);
            dev.familiar.server.billing.inbox.InboxMetrics.register(metrics.registry(),
                    new dev.familiar.server.billing.inbox.InboxStore(ds, clock));
            dev.familiar.server.llm.purchase.PurchaseMetrics.register(metrics.registry(),
                    new dev.familiar.server.llm.purchase.PurchaseQueries(ds));
            modules.addAll(extraRoutes);
            RouteTable table = ServerRoutes.table(modules);
            RouteGuard guard = new RouteGuard(identityVerifier, config.tenantHeader());
            Javalin app = HttpApp.create(table, new RequestContextFilter(config.tenantHeader()), guard, metrics,
                    new AccessLog());
            app.start(config.httpHost(), config.httpPort());
            LOG.info("Familiar {} listening on {}:{} (database: {}, redis: {}, billing: {})", build.version(),
                    config.httpHost(), app.port(), database.kind().name().toLowerCase(), redis.isPresent() ? "on" : "off",
                    gateway.mode());
            ServerRuntime runtime = new ServerRuntime(config, app, table, Optional.ofNullable(adminNotice.get()), opened);
            runtime.adminSessions = adminSessions;
            return runtime;
        } catch (StartupException e) {
            closeAll(opened);
            throw e;
        } catch (Exception e) {
            closeAll(opened);
            throw new StartupException(oneLine(e), e);
        }
    }

    int port() {
        return app.port();
    }

    String baseUrl() {
        String host = config.httpHost();
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    Optional<String> oneTimeAdminNotice() {
        return oneTimeAdminNotice;
    }

    InProcessAdminSessions adminSessions() {
        return adminSessions;
    }

    RouteTable routes() {
        return routes;
    }

    ServerConfig config() {
        return config;
    }

    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping: finishing in-flight requests");
        app.stop();
        closeAll(resources);
        LOG.info("Stopped");
    }

    /**
     * The fast path's counters: in process on embedded H2 (this process is the only writer), Redis when servers
     * share PostgreSQL and Redis, the database itself when they share only PostgreSQL.
     */
    private static UsageCounters chooseCounters(Database database, Optional<RedisConnection> redis, UsageLedger ledger,
                                                HttpMetrics metrics) {
        if (redis.isPresent()) {
            return new RedisUsageCounters(redis.get().connection(), ledger, metrics.registry());
        }
        if (database.kind() == DatabaseKind.H2) {
            return new LocalUsageCounters(ledger);
        }
        return new DatabaseUsageCounters(ledger);
    }

    private interface Opener<T> {
        T open() throws Exception;
    }

    private static <T> T open(String what, Opener<T> opener) {
        try {
            return opener.open();
        } catch (Exception e) {
            throw new StartupException("cannot open " + what + ": " + oneLine(e), e);
        }
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new StartupException("cannot create the data folder " + dir + " (FAMILIAR_DATA_DIR): " + e.getMessage(), e);
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return dev.familiar.server.observability.Redactor.redact(message.lines().findFirst().orElse(message));
    }

    private static void closeAll(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception ignored) {
                // best effort while failing to start
            }
        }
    }
}
