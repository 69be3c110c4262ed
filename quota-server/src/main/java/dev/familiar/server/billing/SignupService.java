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
import dev.familiar.server.entitlement.Entitlement;
import dev.familiar.server.entitlement.EntitlementService;
import dev.familiar.server.entitlement.EntitlementStatus;
import dev.familiar.server.entitlement.EntitlementStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * UC-01: a new organisation on the {@code starter} plan with the catalog's trial. The tenant, its entitlement and
 * its billing account are written in one transaction; then the provider gets the customer (keyed by our org id)
 * and either the trial subscription or, when cards are collected first, a Checkout Session. Provider calls carry
 * idempotency keys from the org id, so when the provider failed half-way, signing up again with the same email
 * finishes the same organisation instead of answering {@code ORG_EXISTS}.
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
    private final boolean collectCardFirst;
    private final String returnUrl;
    private final Clock clock;

    public SignupService(DataSource dataSource, BillingGateway gateway, BillingAccountStore accounts, CatalogStore catalog,
                         EntitlementService entitlements, EntitlementStore entitlementStore, ActivationService activation,
                         boolean collectCardFirst, String returnUrl, Clock clock) {
        this.dataSource = dataSource;
        this.gateway = gateway;
        this.accounts = accounts;
        this.catalog = catalog;
        this.entitlements = entitlements;
        this.entitlementStore = entitlementStore;
        this.activation = activation;
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
        String tenantId = existingOrNew(orgName, email, price);
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
                code.expiresAt());
    }

    /**
     * The tenant of this email: a new one, or the one of an earlier sign-up that did not finish at the provider.
     * A finished sign-up is 409 {@code ORG_EXISTS}.
     */
    private String existingOrNew(String orgName, String email, PlanPrice price) throws SQLException {
        Optional<BillingAccount> existing = accounts.findByEmail(email);
        if (existing.isPresent()) {
            return unfinished(existing.get());
        }
        Optional<Integer> trial = price.trialDays() > 0 ? Optional.of(price.trialDays()) : Optional.empty();
        try {
            Entitlement e = entitlements.createTenant(orgName, SIGNUP_PLAN, trial, (c, created) -> {
                accounts.insert(c, created.tenantId(), email, clock.instant());
                seedCounter(c, created);
            });
            return e.tenantId();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // the same email signed up at the same moment
                return unfinished(accounts.findByEmail(email).orElseThrow(() -> e));
            }
            throw e;
        }
    }

    private static String unfinished(BillingAccount account) {
        if (account.signupComplete()) {
            throw ApiError.of(ErrorCode.ORG_EXISTS, "An organisation has already signed up with this email");
        }
        return account.tenantId();
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
