package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.catalog.CatalogStore;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.db.Database;
import dev.familiar.server.entitlement.EntitlementService;
import dev.familiar.server.entitlement.EntitlementStore;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * UC-13's convergence claim: one realistic subscription history of 200 events, delivered to one organisation in
 * order and to another shuffled with 30 % duplicates (each event applied as it arrives), ends in exactly the same
 * entitlement, billing account and invoices.
 */
@Tag("storage")
class WebhookConvergenceTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Set<String> IGNORED_COLUMNS = Set.of("tenant_id", "updated_at", "customer_id", "subscription_id", "item_id",
            "email", "created_at");

    @TempDir
    Path tempDir;
    Database database;
    DataSource ds;
    MutableClock clock = new MutableClock(START);
    WebhookInbox inbox;
    BillingEventApplier applier;
    EntitlementService entitlements;
    BillingAccountStore accounts;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestServers.config(tempDir));
        ds = database.dataSource();
        PlanStore plans = new PlanStore(ds, clock);
        plans.seedIfEmpty();
        CatalogStore catalog = new CatalogStore(ds, plans, clock);
        catalog.seedIfMissing();
        EntitlementStore store = new EntitlementStore(ds);
        entitlements = new EntitlementService(ds, store, plans, clock);
        accounts = new BillingAccountStore(ds);
        inbox = new WebhookInbox(ds, clock);
        applier = new BillingEventApplier(ds, accounts, store, entitlements, catalog, inbox, new AuditLog(ds, clock),
                JsonBodies.strictMapper(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L})
    void shuffledDuplicatedDeliveryEndsInTheStateOfInOrderDelivery(long seed) throws Exception {
        String inOrder = tenant("in-order-" + seed);
        String shuffled = tenant("shuffled-" + seed);
        List<StripeHistory.Event> a = new StripeHistory(inOrder, "A" + seed, seed, START).generate(200);
        List<StripeHistory.Event> b = new StripeHistory(shuffled, "B" + seed, seed, START).generate(200);
        assertThat(a).hasSize(200);
        link(inOrder, "cus_A" + seed);
        link(shuffled, "cus_B" + seed);

        for (StripeHistory.Event e : a) {
            deliver(e);
        }
        Random random = new Random(seed * 31);
        List<StripeHistory.Event> deliveries = new ArrayList<>(b);
        for (StripeHistory.Event e : b) {
            if (random.nextDouble() < 0.30) {
                deliveries.add(e);
            }
        }
        Collections.shuffle(deliveries, random);
        int duplicates = 0;
        for (StripeHistory.Event e : deliveries) {
            if (!deliver(e)) {
                duplicates++;
            }
        }
        assertThat(duplicates).isGreaterThan(40);
        assertThat(inbox.pendingCount()).isZero();

        assertThat(rows("SELECT * FROM entitlement WHERE tenant_id = ?", shuffled))
                .isEqualTo(rows("SELECT * FROM entitlement WHERE tenant_id = ?", inOrder));
        assertThat(rows("SELECT * FROM billing_account WHERE tenant_id = ?", shuffled))
                .isEqualTo(rows("SELECT * FROM billing_account WHERE tenant_id = ?", inOrder));
        List<Map<String, Object>> invoices = rows("SELECT * FROM invoice_ref WHERE tenant_id = ? ORDER BY id", inOrder);
        assertThat(invoices).hasSizeGreaterThan(10);
        assertThat(rows("SELECT * FROM invoice_ref WHERE tenant_id = ? ORDER BY id", shuffled)).isEqualTo(invoices);
        // the history ends with the subscription deleted
        assertThat(entitlements.current(inOrder).entitlement().status().wireName()).isEqualTo("canceled");
        assertThat(emailOf(shuffled).replace("b" + seed, "a" + seed)).isEqualTo(emailOf(inOrder));
    }

    /** Stores one delivery and applies what is due, as the worker would; false for a duplicate. */
    private boolean deliver(StripeHistory.Event e) throws Exception {
        boolean stored = inbox.store(e.id(), e.type(), e.objectId(), e.created(), e.json(), "test", WebhookInbox.SOURCE_STRIPE);
        for (InboxEvent due : inbox.claimDue(10, Duration.ofMinutes(1))) {
            BillingEventApplier.Outcome outcome = applier.apply(due);
            assertThat(outcome.status()).as(due.eventId() + " " + outcome.note()).isIn(InboxEvent.APPLIED, InboxEvent.STALE);
        }
        return stored;
    }

    private String tenant(String name) throws Exception {
        return entitlements.createTenant(name, "starter", Optional.of(14), (c, e) ->
                accounts.insert(c, e.tenantId(), name + "@example.com", clock.instant())).tenantId();
    }

    private void link(String tenantId, String customerId) throws Exception {
        accounts.setCustomer(tenantId, customerId, clock.instant());
    }

    private String emailOf(String tenantId) throws Exception {
        return accounts.find(tenantId).orElseThrow().email();
    }

    /** The rows with tenant-specific columns left out and object ids made comparable. */
    private List<Map<String, Object>> rows(String sql, String tenantId) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new TreeMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        String column = meta.getColumnLabel(i).toLowerCase();
                        if (!IGNORED_COLUMNS.contains(column)) {
                            Object v = rs.getObject(i);
                            row.put(column, v instanceof String s ? s.replaceAll("_[AB](\\d+)", "_X$1") : v);
                        }
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
