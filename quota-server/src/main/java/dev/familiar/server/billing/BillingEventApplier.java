package dev.familiar.server.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.billing.gateway.BillingInvoice;
import dev.familiar.server.billing.gateway.BillingSubscription;
import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.catalog.CatalogStore;
import dev.familiar.server.catalog.PlanPrice;
import dev.familiar.server.directory.provisioning.Provisioning;
import dev.familiar.server.entitlement.Entitlement;
import dev.familiar.server.entitlement.EntitlementService;
import dev.familiar.server.entitlement.EntitlementStatus;
import dev.familiar.server.entitlement.EntitlementStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * UC-13: applies one provider event from the inbox to our state (billing account, entitlement, invoice refs, audit),
 * in one transaction together with the event's new status, so an event is applied at most once.
 *
 * <p>Ordering: for every provider object (subscription, invoice, customer) we keep the {@code created} time and id of
 * the newest event applied. An event that is not newer is STALE and changes nothing, so duplicated, late and
 * shuffled deliveries end in the state of in-order delivery. Subscription events carry the whole subscription; the
 * entitlement's plan, status and trial follow the newest one. Billing periods only move forward: a paid renewal
 * invoice or a subscription in a later period opens that period, which starts fresh usage counters.
 */
public final class BillingEventApplier {
    /** What applying an event did; {@code provisioned}: directory jobs were queued with it. */
    public record Outcome(String status, Optional<String> tenantId, String note, boolean provisioned) {
        public Outcome(String status, Optional<String> tenantId, String note) {
            this(status, tenantId, note, false);
        }
    }

    static final Set<String> SUBSCRIPTION_EVENTS = Set.of("customer.subscription.created", "customer.subscription.updated",
            "customer.subscription.deleted", "customer.subscription.paused", "customer.subscription.resumed");
    static final Set<String> INVOICE_EVENTS = Set.of("invoice.paid", "invoice.finalized", "invoice.payment_failed");

    private final DataSource dataSource;
    private final BillingAccountStore accounts;
    private final EntitlementStore entitlementStore;
    private final EntitlementService entitlements;
    private final CatalogStore catalog;
    private final WebhookInbox inbox;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final Provisioning provisioning;
    private final Clock clock;

    /** An applier that provisions nothing in the directory. */
    public BillingEventApplier(DataSource dataSource, BillingAccountStore accounts, EntitlementStore entitlementStore,
                               EntitlementService entitlements, CatalogStore catalog, WebhookInbox inbox, AuditLog audit,
                               ObjectMapper mapper, Clock clock) {
        this(dataSource, accounts, entitlementStore, entitlements, catalog, inbox, audit, mapper, Provisioning.none(),
                clock);
    }

    /** An applier whose ended subscriptions queue the leaving of their directory groups (issue 15). */
    public BillingEventApplier(DataSource dataSource, BillingAccountStore accounts, EntitlementStore entitlementStore,
                               EntitlementService entitlements, CatalogStore catalog, WebhookInbox inbox, AuditLog audit,
                               ObjectMapper mapper, Provisioning provisioning, Clock clock) {
        this.dataSource = dataSource;
        this.accounts = accounts;
        this.entitlementStore = entitlementStore;
        this.entitlements = entitlements;
        this.catalog = catalog;
        this.inbox = inbox;
        this.audit = audit;
        this.mapper = mapper;
        this.provisioning = provisioning;
        this.clock = clock;
    }

    /** Applies the event and marks it done; throws when it should be tried again later. */
    public Outcome apply(InboxEvent event) throws Exception {
        JsonNode object = mapper.readTree(event.payload()).path("data").path("object");
        Outcome outcome;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                outcome = applyIn(c, event, object);
                inbox.finish(c, event.eventId(), outcome.status(), outcome.note());
                if (InboxEvent.APPLIED.equals(outcome.status())) {
                    audit.record(c, new AuditEntry(outcome.tenantId().orElse(null), "stripe",
                            "billing." + event.type(), event.objectId(), AuditEntry.Outcome.SUCCESS,
                            event.correlationId(), null));
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        outcome.tenantId().ifPresent(entitlements::forget);
        if (outcome.provisioned()) {
            provisioning.nudge();
        }
        return outcome;
    }

    private Outcome applyIn(Connection c, InboxEvent event, JsonNode object) throws SQLException {
        String type = event.type();
        if (SUBSCRIPTION_EVENTS.contains(type)) {
            return subscription(c, event, StripeJson.subscription(object), object);
        }
        if (INVOICE_EVENTS.contains(type)) {
            return invoice(c, event, StripeJson.invoice(object), object);
        }
        if ("customer.updated".equals(type)) {
            return customer(c, event, object);
        }
        if ("checkout.session.completed".equals(type)) {
            return checkout(c, object);
        }
        return new Outcome(InboxEvent.IGNORED, Optional.empty(), "event type not handled");
    }

    private Outcome subscription(Connection c, InboxEvent event, BillingSubscription s, JsonNode object) throws SQLException {
        Optional<String> tenant = tenantOf(c, StripeJson.orgId(object), Optional.ofNullable(s.customerId()));
        if (tenant.isEmpty()) {
            return new Outcome(InboxEvent.IGNORED, Optional.empty(), "no organisation for customer " + s.customerId());
        }
        if (!newer(c, s.id(), event)) {
            return new Outcome(InboxEvent.STALE, tenant, "a newer event for " + s.id() + " was applied");
        }
        PlanPrice price = catalog.findByProviderPrice(s.priceId()).orElseThrow(() -> new IllegalStateException(
                "price " + s.priceId() + " is not in the catalog; set it with PUT /api/admin/catalog/plans/{code}"));
        Entitlement current = entitlementStore.find(c, tenant.get()).orElseThrow(() ->
                new IllegalStateException("organisation " + tenant.get() + " has no entitlement"));
        EntitlementStatus status = "customer.subscription.deleted".equals(event.type()) ? EntitlementStatus.CANCELED
                : statusOf(s);
        boolean scheduleDone = status == EntitlementStatus.CANCELED
                || current.scheduledPlanCode().map(price.planCode()::equals).orElse(false);
        accounts.applySubscription(c, s, tenant.get(), clock.instant());
        entitlementStore.applyBilling(c, tenant.get(), price.planCode(), status, s.trialEnd(), scheduleDone, clock.instant());
        entitlementStore.advancePeriod(c, tenant.get(), s.currentPeriodStart(), s.currentPeriodEnd(), clock.instant());
        int queued = status == EntitlementStatus.CANCELED ? provisioning.ended(c, tenant.get(), event.correlationId()) : 0;
        return new Outcome(InboxEvent.APPLIED, tenant, null, queued > 0);
    }

    private Outcome invoice(Connection c, InboxEvent event, BillingInvoice invoice, JsonNode object) throws SQLException {
        Optional<String> tenant = tenantOf(c, StripeJson.orgId(object), Optional.ofNullable(invoice.customerId()));
        if (tenant.isEmpty()) {
            return new Outcome(InboxEvent.IGNORED, Optional.empty(), "no organisation for customer " + invoice.customerId());
        }
        if (!newer(c, invoice.id(), event)) {
            return new Outcome(InboxEvent.STALE, tenant, "a newer event for " + invoice.id() + " was applied");
        }
        upsertInvoice(c, tenant.get(), invoice);
        boolean renewal = "subscription_cycle".equals(object.path("billing_reason").asText());
        if ("invoice.paid".equals(event.type()) && renewal && invoice.periodStart().isPresent()
                && invoice.periodEnd().isPresent()) {
            entitlementStore.advancePeriod(c, tenant.get(), invoice.periodStart().get(), invoice.periodEnd().get(),
                    clock.instant());
        }
        return new Outcome(InboxEvent.APPLIED, tenant, null);
    }

    private Outcome customer(Connection c, InboxEvent event, JsonNode object) throws SQLException {
        Optional<String> customerId = StripeJson.text(object, "id");
        Optional<String> tenant = tenantOf(c, StripeJson.orgId(object), customerId);
        if (tenant.isEmpty()) {
            return new Outcome(InboxEvent.IGNORED, Optional.empty(), "no organisation for customer " + customerId.orElse("?"));
        }
        if (!newer(c, customerId.get(), event)) {
            return new Outcome(InboxEvent.STALE, tenant, "a newer event for " + customerId.get() + " was applied");
        }
        Optional<String> email = StripeJson.text(object, "email").map(e -> e.trim().toLowerCase(Locale.ROOT));
        if (email.isPresent()) {
            Optional<BillingAccount> holder = accounts.findBy(c, "email", email.get());
            if (holder.isPresent() && !holder.get().tenantId().equals(tenant.get())) {
                return new Outcome(InboxEvent.APPLIED, tenant, "email kept: another organisation signed up with it");
            }
            accounts.setEmail(c, tenant.get(), email.get(), clock.instant());
        }
        return new Outcome(InboxEvent.APPLIED, tenant, null);
    }

    private Outcome checkout(Connection c, JsonNode session) throws SQLException {
        Optional<String> orgId = StripeJson.text(session, "client_reference_id").or(() -> StripeJson.orgId(session));
        Optional<String> customer = StripeJson.idOf(session.path("customer"));
        Optional<String> tenant = tenantOf(c, orgId, customer);
        if (tenant.isEmpty() || customer.isEmpty()) {
            return new Outcome(InboxEvent.IGNORED, Optional.empty(), "no organisation for this checkout session");
        }
        accounts.linkCheckout(c, tenant.get(), customer.get(), StripeJson.idOf(session.path("subscription")), clock.instant());
        return new Outcome(InboxEvent.APPLIED, tenant, null);
    }

    /** Our tenant: the {@code org_id} we tag provider objects with, else the account that owns the customer. */
    private Optional<String> tenantOf(Connection c, Optional<String> orgId, Optional<String> customerId) throws SQLException {
        if (orgId.isPresent()) {
            Optional<BillingAccount> byOrg = accounts.findBy(c, "tenant_id", orgId.get());
            if (byOrg.isPresent()) {
                return Optional.of(byOrg.get().tenantId());
            }
        }
        if (customerId.isPresent()) {
            return accounts.findBy(c, "customer_id", customerId.get()).map(BillingAccount::tenantId);
        }
        return Optional.empty();
    }

    /** Records this event as the newest for the object when it is newer than the one applied before. */
    private boolean newer(Connection c, String objectId, InboxEvent event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT event_created, event_id FROM billing_object_version WHERE object_id = ? FOR UPDATE")) {
            ps.setString(1, objectId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long created = rs.getLong(1);
                    String id = rs.getString(2);
                    boolean isNewer = event.created() > created
                            || (event.created() == created && event.eventId().compareTo(id) > 0);
                    if (!isNewer) {
                        return false;
                    }
                    try (PreparedStatement up = c.prepareStatement(
                            "UPDATE billing_object_version SET event_created = ?, event_id = ? WHERE object_id = ?")) {
                        up.setLong(1, event.created());
                        up.setString(2, event.eventId());
                        up.setString(3, objectId);
                        up.executeUpdate();
                    }
                    return true;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO billing_object_version (object_id, event_created, event_id) VALUES (?, ?, ?)")) {
            ps.setString(1, objectId);
            ps.setLong(2, event.created());
            ps.setString(3, event.eventId());
            ps.executeUpdate();
        }
        return true;
    }

    private void upsertInvoice(Connection c, String tenantId, BillingInvoice i) throws SQLException {
        Instant now = clock.instant();
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE invoice_ref SET subscription_id = ?, status = ?, amount_due = ?, "
                + "amount_paid = ?, currency = ?, hosted_url = ?, created_at = ?, period_start = ?, period_end = ?, "
                + "updated_at = ?, tenant_id = ? WHERE id = ?")) {
            bindInvoice(ps, tenantId, i, now);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO invoice_ref (subscription_id, status, amount_due, "
                    + "amount_paid, currency, hosted_url, created_at, period_start, period_end, updated_at, tenant_id, id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bindInvoice(ps, tenantId, i, now);
                ps.executeUpdate();
            }
        }
    }

    private static void bindInvoice(PreparedStatement ps, String tenantId, BillingInvoice i, Instant now) throws SQLException {
        ps.setString(1, i.subscriptionId().orElse(null));
        ps.setString(2, i.status());
        ps.setLong(3, i.amountDue());
        ps.setLong(4, i.amountPaid());
        ps.setString(5, i.currency());
        ps.setString(6, i.hostedUrl().orElse(null));
        ps.setTimestamp(7, Timestamp.from(i.created()));
        ps.setTimestamp(8, i.periodStart().map(Timestamp::from).orElse(null));
        ps.setTimestamp(9, i.periodEnd().map(Timestamp::from).orElse(null));
        ps.setTimestamp(10, Timestamp.from(now));
        ps.setString(11, tenantId);
        ps.setString(12, i.id());
    }

    /** The entitlement status for a provider subscription: paused collection counts as paused. */
    static EntitlementStatus statusOf(BillingSubscription s) {
        if (s.pausedCollection() && !"canceled".equals(s.status())) {
            return EntitlementStatus.PAUSED;
        }
        return switch (s.status()) {
            case "trialing" -> EntitlementStatus.TRIALING;
            case "active" -> EntitlementStatus.ACTIVE;
            case "past_due", "unpaid", "incomplete" -> EntitlementStatus.PAST_DUE;
            case "paused" -> EntitlementStatus.PAUSED;
            default -> EntitlementStatus.CANCELED; // canceled, incomplete_expired
        };
    }
}
