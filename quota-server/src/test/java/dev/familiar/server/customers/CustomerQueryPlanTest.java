package dev.familiar.server.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.db.Database;
import dev.familiar.server.entitlement.EntitlementStatus;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's plans for the customers page at 10,000 organisations: every page shape (each sort, first and later
 * pages, searches, filters) reads the tenant and entitlement tables through an index, never by a sequential scan,
 * so a page costs about its size. (Times are measured in {@code bench/customers.sh}, not here.)
 */
@Tag("storage")
class CustomerQueryPlanTest {
    static final int ORGANISATIONS = 10_000;
    @TempDir
    static Path tempDir;
    static Database database;

    @BeforeAll
    static void seed() throws Exception {
        TestBackend.DatabaseTarget pg = TestBackend.newPostgresDatabase();
        database = Database.open(TestServers.config(tempDir).withDatabase(pg.url(), pg.user(), pg.password()));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        new PlanStore(database.dataSource(), java.time.Clock.systemUTC()).seedIfEmpty();
        String[] plans = {"starter", "pro", "enterprise"};
        EntitlementStatus[] statuses = EntitlementStatus.values();
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tenant = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)");
                 PreparedStatement entitlement = c.prepareStatement("INSERT INTO entitlement (tenant_id, plan_code, status, "
                         + "billing_anchor, period_start, period_end, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement account = c.prepareStatement("INSERT INTO billing_account (tenant_id, email, "
                         + "cancel_at_period_end, paused, created_at, updated_at) VALUES (?, ?, FALSE, FALSE, ?, ?)");
                 PreparedStatement user = c.prepareStatement("INSERT INTO app_user (id, tenant_id, username, email, "
                         + "password_hash, roles, created_at) VALUES (?, ?, ?, ?, 'x', 'TENANT_ADMIN,USER', ?)")) {
                for (int i = 0; i < ORGANISATIONS; i++) {
                    String id = String.format("00000000-0000-4000-8000-%012d", i);
                    Timestamp created = Timestamp.from(start.plusSeconds(i * 60L));
                    tenant.setString(1, id);
                    tenant.setString(2, "Org " + Integer.toString(i * 7919 % 100_000, 36) + " " + i);
                    tenant.setTimestamp(3, created);
                    tenant.addBatch();
                    entitlement.setString(1, id);
                    entitlement.setString(2, plans[i % plans.length]);
                    entitlement.setString(3, statuses[i % statuses.length].name());
                    entitlement.setTimestamp(4, created);
                    entitlement.setTimestamp(5, created);
                    entitlement.setTimestamp(6, Timestamp.from(created.toInstant().plusSeconds(30L * 86_400)));
                    entitlement.setTimestamp(7, created);
                    entitlement.addBatch();
                    if (i % 2 == 0) {
                        account.setString(1, id);
                        account.setString(2, "billing" + i + "@org" + i + ".example");
                        account.setTimestamp(3, created);
                        account.setTimestamp(4, created);
                        account.addBatch();
                    }
                    if (i % 3 == 0) {
                        user.setString(1, id.replace("00000000-", "11111111-"));
                        user.setString(2, id);
                        user.setString(3, "owner" + i + "@org" + i + ".example");
                        user.setString(4, "owner" + i + "@org" + i + ".example");
                        user.setTimestamp(5, created);
                        user.addBatch();
                    }
                }
                tenant.executeBatch();
                entitlement.executeBatch();
                account.executeBatch();
                user.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("ANALYZE");
            }
        }
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static CustomerStore.PageQuery query(CustomerSort sort) {
        return new CustomerStore.PageQuery(Optional.empty(), Optional.empty(), Optional.empty(), sort, Optional.empty(), 51);
    }

    static String explain(CustomerStore.PageQuery query) throws Exception {
        CustomerStore.Statement statement = CustomerStore.statementFor(query);
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN " + statement.sql())) {
            CustomerStore.bind(ps, statement.parameters());
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    @Test
    void everyPageShapeReadsThroughAnIndex() throws Exception {
        assertThat(database.kind().name()).isEqualTo("POSTGRES");
        List<CustomerStore.PageQuery> shapes = new ArrayList<>();
        for (CustomerSort sort : CustomerSort.values()) {
            shapes.add(query(sort));
            String key = sort.timeKey() ? "2026-01-04T00:00:00Z" : switch (sort) {
                case PLAN -> "pro";
                case STATUS -> "PAUSED";
                default -> "org m";
            };
            shapes.add(new CustomerStore.PageQuery(Optional.empty(), Optional.empty(), Optional.empty(), sort,
                    Optional.of(new CustomerCursor(sort, "00000000-0000-4000-8000-000000005000", key)), 51));
            shapes.add(new CustomerStore.PageQuery(Optional.empty(), Optional.of(EntitlementStatus.ACTIVE),
                    Optional.of("pro"), sort, Optional.empty(), 51));
            shapes.add(new CustomerStore.PageQuery(Optional.of(new CustomerStore.Search.NamePrefix("org 1")),
                    Optional.empty(), Optional.empty(), sort, Optional.empty(), 51));
        }
        shapes.add(new CustomerStore.PageQuery(Optional.of(new CustomerStore.Search.EmailPrefix("owner12@")),
                Optional.empty(), Optional.empty(), CustomerSort.NAME, Optional.empty(), 51));
        shapes.add(new CustomerStore.PageQuery(Optional.of(new CustomerStore.Search.OrgId(
                "00000000-0000-4000-8000-000000000042")), Optional.empty(), Optional.empty(), CustomerSort.NAME,
                Optional.empty(), 51));
        for (CustomerStore.PageQuery shape : shapes) {
            String plan = explain(shape);
            assertThat(plan).as(shape + "\n" + plan).doesNotContain("Seq Scan on tenant", "Seq Scan on entitlement",
                    "Seq Scan on billing_account", "Seq Scan on app_user");
        }
        // the first page by name walks the name index in order and stops after the page: no sort of all rows
        assertThat(explain(query(CustomerSort.NAME))).contains("ix_tenant_name_key").doesNotContain("Sort Key");
        assertThat(explain(query(CustomerSort.CREATED_DESC))).contains("ix_tenant_created").doesNotContain("Sort Key");
    }

    @Test
    void aDeepPageAndItsPlanAreAsCheapAsTheFirst() throws Exception {
        CustomerStore store = new CustomerStore(database.dataSource());
        CustomerStore.PageQuery first = query(CustomerSort.CREATED);
        List<CustomerStore.Row> page = store.page(first);
        CustomerStore.Row last = page.get(page.size() - 1);
        for (int i = 0; i < 150; i++) { // ~7,600 rows deep
            page = store.page(new CustomerStore.PageQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                    CustomerSort.CREATED, Optional.of(new CustomerCursor(CustomerSort.CREATED, last.orgId(), last.sortKey())), 51));
            last = page.get(page.size() - 1);
        }
        assertThat(last.orgId()).isEqualTo(String.format("00000000-0000-4000-8000-%012d", 151 * 51 - 1));
        String plan;
        CustomerStore.Statement deep = CustomerStore.statementFor(new CustomerStore.PageQuery(Optional.empty(),
                Optional.empty(), Optional.empty(), CustomerSort.CREATED,
                Optional.of(new CustomerCursor(CustomerSort.CREATED, last.orgId(), last.sortKey())), 51));
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + deep.sql())) {
            CustomerStore.bind(ps, deep.parameters());
            StringBuilder text = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    text.append(rs.getString(1)).append('\n');
                }
            }
            plan = text.toString();
        }
        // the index scan on tenant returns the page (51 rows), not the 7,650 rows before it
        assertThat(plan).as(plan).containsPattern("Index Scan using ix_tenant_created on tenant t .*actual time=[0-9.]+\\.\\.[0-9.]+ rows=51 ");
    }
}
