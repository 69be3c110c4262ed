package dev.familiar.server.billing;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.ActivationCodeIssued;
import dev.familiar.model.billing.SignupResult;
import dev.familiar.server.activation.ActivationService;
import dev.familiar.server.billing.gateway.BillingCustomer;
import dev.familiar.server.billing.gateway.BillingGateway;
import dev.familiar.server.billing.gateway.BillingSubscription;
import dev.familiar.server.billing.gateway.CheckoutSession;
import dev.familiar.server.catalog.CatalogStore;
import dev.familiar.server.catalog.PlanPrice;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.directory.provisioning.Provisioning;
import dev.familiar.server.entitlement.Entitlement;
import dev.familiar.server.entitlement.EntitlementService;
import dev.familiar.server.entitlement.EntitlementStatus;
import dev.familiar.server.entitlement.EntitlementStore;
import dev.familiar.server.users.UserStore;
import dev.familiar.server.users.invitations.Caller;
import dev.familiar.server.users.invitations.Invitations;
import dev.familiar.server.users.invitations.UserCodes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * UC-01: a new organisation on the {@code starter} plan with the catalog's trial. The tenant, its entitlement and
 * its billing account are written in one transaction; then the provider gets the customer (keyed by our org id)
 * and either the trial subscription or, when cards are collected first, a Checkout Session. Provider calls carry
 * idempotency keys from the org id, so when the provider failed half-way, signing up again with the same email
 * finishes the same organisation instead of answering {@code ORG_EXISTS}.
 *
 * <p>The organisation is a tenant ({@code orgId} is its tenant id). Its owner account (named by the sign-up email,
 * TENANT_ADMIN of the tenant, not yet able to log in) and the owner's invitation code are written in the same
 * transaction as the tenant; finishing an unfinished sign-up answers a new code while the owner has not set a
 * password. An email that already names another account is 409 {@code CONFLICT}. When the plan names a directory
 * group, the same transaction queues the owner's joining of it ({@link Provisioning}, issue 15).
 */
public final class SignupService {
    public static final String SIGNUP_PLAN = "starter";

    private final DataSource dataSource;
    private final BillingGateway gateway;
    private final BillingAccountStore accounts;
    private final CatalogStore catalog;
    private final EntitlementService entitlements;
    private final EntitlementStore entitlementStore;
    private final ActivationService activation;
    private final UserStore users;
    private final Invitations invitations;
    private final Provisioning provisioning;
    private final boolean collectCardFirst;
    private final String returnUrl;
    private final Clock clock;

    public SignupService(DataSource dataSource, BillingGateway gateway, BillingAccountStore accounts, CatalogStore catalog,
                         EntitlementService entitlements, EntitlementStore entitlementStore, ActivationService activation,
                         UserStore users, Invitations invitations, Provisioning provisioning, boolean collectCardFirst,
                         String returnUrl, Clock clock) {
        this.dataSource = dataSource;
        this.gateway = gateway;
        this.accounts = accounts;
        this.catalog = catalog;
        this.entitlements = entitlements;
        this.entitlementStore = entitlementStore;
        this.activation = activation;
        this.users = users;
        this.invitations = invitations;
        this.provisioning = provisioning;
        this.collectCardFirst = collectCardFirst;
        this.returnUrl = returnUrl;
        this.clock = clock;
    }

    /** @param email already trimmed and lower-cased */
    public SignupResult signUp(String orgName, String email, ActivationService.Caller caller) throws SQLException {
        PlanPrice price = catalog.find(SIGNUP_PLAN).orElseThrow(() ->
                ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, "The catalog has no starter plan; an admin must add it"));
        boolean dryRun = "dry-run".equals(gateway.mode());
        if (!dryRun && price.stripePriceId().isEmpty()) {
            throw ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, "Sign-up is not open: the starter plan has no Stripe price id");
        }
        Caller owner = new Caller(caller.actor(), caller.requestId(), caller.clientAddress());
        Org org = existingOrNew(orgName, email, price, owner);
        String tenantId = org.tenantId();
        BillingAccount account = accounts.find(tenantId).orElseThrow();
        String customerId = account.customerId().orElse(null);
        if (customerId == null) {
            BillingCustomer customer = BillingService.call("create the customer",
                    () -> gateway.upsertCustomer(tenantId, orgName, email, "signup:" + tenantId + ":customer"));
            customerId = customer.id();
            accounts.setCustomer(tenantId, customerId, clock.instant());
        }
        String priceId = price.providerPriceId(dryRun);
        String checkoutUrl = null;
        Optional<Instant> trialEndsAt = entitlementStore.find(tenantId).flatMap(Entitlement::trialEndsAt);
        if (collectCardFirst) {
            String customer = customerId;
            CheckoutSession session = BillingService.call("create a Checkout Session", () -> gateway.createCheckoutSession(
                    customer, tenantId, priceId, price.trialDays(), returnUrl, returnUrl, "signup:" + tenantId + ":checkout"));
            accounts.setCheckoutUrl(tenantId, session.url(), clock.instant());
            checkoutUrl = session.url();
        } else {
            String customer = customerId;
            BillingSubscription sub = BillingService.call("create the subscription", () -> gateway.createSubscription(
                    customer, tenantId, priceId, price.trialDays(), "signup:" + tenantId + ":subscription"));
            accounts.applySubscription(sub, tenantId, clock.instant());
            if (sub.trialEnd().isPresent()) {
                entitlementStore.updateStatus(tenantId, EntitlementStatus.TRIALING, sub.trialEnd(), clock.instant());
                entitlements.forget(tenantId);
                trialEndsAt = sub.trialEnd();
            }
        }
        String domain = email.substring(email.indexOf('@') + 1);
        ActivationCodeIssued code = activation.mint(tenantId, domain, caller);
        return new SignupResult(tenantId, SIGNUP_PLAN, trialEndsAt.orElse(null), checkoutUrl, code.activationCode(),
                code.expiresAt(), org.owner().map(UserCodes.Issued::code).orElse(null),
                org.owner().map(UserCodes.Issued::expiresAt).orElse(null));
    }

    /** The organisation signed up, and its owner's invitation when one was issued by this call. */
    private record Org(String tenantId, Optional<UserCodes.Issued> owner) {
    }

    /**
     * The tenant of this email: a new one, or the one of an earlier sign-up that did not finish at the provider.
     * A finished sign-up is 409 {@code ORG_EXISTS}.
     */
    private Org existingOrNew(String orgName, String email, PlanPrice price, Caller caller) throws SQLException {
        Optional<BillingAccount> existing = accounts.findByEmail(email);
        if (existing.isPresent()) {
            return unfinished(existing.get(), email, caller);
        }
        if (users.findByUsernameOrEmail(email).isPresent()) {
            throw emailTaken();
        }
        Optional<Integer> trial = price.trialDays() > 0 ? Optional.of(price.trialDays()) : Optional.empty();
        AtomicReference<UserCodes.Issued> owner = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean provisioned = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            Entitlement e = entitlements.createTenant(orgName, SIGNUP_PLAN, trial, (c, created) -> {
                accounts.insert(c, created.tenantId(), email, clock.instant());
                seedCounter(c, created);
                owner.set(invitations.inviteOwner(c, created.tenantId(), email, caller));
                // Issue 15: the owner joins the plan's directory group, through a job committed with the sign-up.
                provisioned.set(provisioning.subscribed(c, created.tenantId(), SIGNUP_PLAN, owner.get().userId(), email,
                        caller.requestId()));
            });
            if (provisioned.get()) {
                provisioning.nudge();
            }
            return new Org(e.tenantId(), Optional.of(owner.get()));
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // the same email signed up (or was invited) at the same moment
                Optional<BillingAccount> raced = accounts.findByEmail(email);
                if (raced.isPresent()) {
                    return unfinished(raced.get(), email, caller);
                }
                if (users.findByUsernameOrEmail(email).isPresent()) {
                    throw emailTaken();
                }
            }
            throw e;
        }
    }

    private Org unfinished(BillingAccount account, String email, Caller caller) throws SQLException {
        if (account.signupComplete()) {
            throw ApiError.of(ErrorCode.ORG_EXISTS, "An organisation has already signed up with this email");
        }
        return new Org(account.tenantId(), invitations.reinviteOwner(account.tenantId(), email, caller));
    }

    private static ApiError emailTaken() {
        return ApiError.of(ErrorCode.CONFLICT, "An account with this email already exists; sign up with another email");
    }

    /** UC-01's {@code UsageCounter(0)} for the first period. */
    private static void seedCounter(Connection c, Entitlement e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO usage_counter (tenant_id, metric, period_key, used) VALUES (?, ?, ?, 0)")) {
            ps.setString(1, e.tenantId());
            ps.setString(2, PlanStore.API_CALL);
            ps.setString(3, e.periodAt(e.periodStart()).key());
            ps.executeUpdate();
        }
    }
}
