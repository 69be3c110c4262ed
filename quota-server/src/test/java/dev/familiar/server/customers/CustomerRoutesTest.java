package dev.familiar.server.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.customers.CustomerDetail;
import dev.familiar.model.customers.CustomerPage;
import dev.familiar.model.customers.CustomerQuery;
import dev.familiar.model.customers.CustomerSummary;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin's customers page over the typed client: keyset pages in every sort that cover every organisation once,
 * search by name prefix, e-mail prefix and id, filters, owners, usage, the detail page (also when the payment
 * provider fails), and bad input.
 */
@Tag("storage")
class CustomerRoutesTest {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(START);
    static FamiliarServer server;
    static Identity identity;
    static FamiliarClient admin;
    /** name → org id of every organisation this test made. */
    static final Map<String, String> orgs = new LinkedHashMap<>();
    static String signedUp;
    static String owned;
    static Identity.Org metered;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        admin = FamiliarClient.connect(server.baseUrl()).withBearer(identity.admin().token());
        String[][] made = {{"Acme 1", "starter", "0"}, {"Acme 2", "pro", "0"}, {"acme lower", "starter", "7"},
                {"ACME Upper", "enterprise", "0"}, {"Beta Co", "pro", "3"}, {"Gamma", "starter", "0"},
                {"delta_underscore", "pro", "0"}, {"deltaXunderscore", "starter", "0"}, {"Zeta", "enterprise", "5"},
                {"Émile & Co", "starter", "0"}};
        for (String[] org : made) {
            Answer created = HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"" + org[0]
                    + "\",\"planCode\":\"" + org[1] + "\",\"trialDays\":" + org[2] + "}", identity.admin().bearer());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            orgs.put(org[0], created.json().at("/data/orgId").asText());
        }
        signedUp = signUp("Signed One", "ops@signed.example");
        signUp("Signed Two", "billing@second.example");
        owned = orgs.get("Gamma");
        identity.userInTenant("gamma-first-admin", owned, Role.TENANT_ADMIN);
        identity.userInTenant("gamma-plain-user", owned);
        identity.userInTenant("gamma-second-admin", owned, Role.TENANT_ADMIN);
        metered = identity.org("pro", 0);
        orgs.put("metered", metered.orgId());
        Answer used = HttpCalls.post(server.baseUrl() + "/api/quota/consume", "{\"orgId\":\"" + metered.orgId()
                + "\",\"value\":7,\"request_id\":\"" + UUID.randomUUID() + "\"}", metered.bearer());
        assertThat(used.status()).as(used.body()).isEqualTo(200);
    }

    static String signUp(String name, String email) {
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"" + name + "\",\"email\":\""
                + email + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String id = answer.json().at("/data/orgId").asText();
        orgs.put(name, id);
        return id;
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.stop();
    }

    static List<CustomerSummary> all(CustomerQuery query) {
        List<CustomerSummary> out = new ArrayList<>();
        CustomerQuery next = query;
        for (int pages = 0; pages < 100; pages++) {
            CustomerPage page = admin.customers().list(next);
            assertThat(page.items().size()).isLessThanOrEqualTo(query.limit() == null ? 50 : query.limit());
            out.addAll(page.items());
            if (page.nextCursor() == null) {
                return out;
            }
            next = next.withCursor(page.nextCursor());
        }
        throw new AssertionError("more than 100 pages");
    }

    @Test
    void everySortPagesThroughEveryOrganisationOnceInItsOrder() {
        Map<String, Function<CustomerSummary, String>> keys = Map.of(
                "name", c -> c.name().toLowerCase(java.util.Locale.ROOT),
                "-name", c -> c.name().toLowerCase(java.util.Locale.ROOT),
                "created", c -> c.createdAt().toString(),
                "-created", c -> c.createdAt().toString(),
                "plan", CustomerSummary::planCode,
                "status", CustomerSummary::status);
        for (var sort : keys.entrySet()) {
            List<CustomerSummary> paged = all(CustomerQuery.all().withSort(sort.getKey()).withLimit(3));
            List<String> ids = paged.stream().map(CustomerSummary::orgId).toList();
            assertThat(ids).as(sort.getKey()).doesNotHaveDuplicates().containsAll(orgs.values());
            assertThat(ids).as(sort.getKey() + ": the platform's own tenant is not a customer").hasSize(orgs.size());
            Comparator<String> order = sort.getKey().startsWith("-") ? Comparator.reverseOrder() : Comparator.naturalOrder();
            assertThat(paged.stream().map(sort.getValue()).toList()).as(sort.getKey()).isSortedAccordingTo(order);
        }
        List<String> byName = all(CustomerQuery.all().withLimit(4)).stream().map(CustomerSummary::name).toList();
        assertThat(byName).startsWith("Acme 1", "Acme 2", "acme lower", "ACME Upper", "Beta Co");
    }

    @Test
    void searchFindsANamePrefixAnEmailPrefixOrAnId() {
        assertThat(names(CustomerQuery.all().withSearch("acme"))).containsExactly("Acme 1", "Acme 2", "acme lower",
                "ACME Upper");
        assertThat(names(CustomerQuery.all().withSearch("  ACME 2 "))).containsExactly("Acme 2");
        // LIKE's wildcards in the search are plain characters
        assertThat(names(CustomerQuery.all().withSearch("delta_"))).containsExactly("delta_underscore");
        assertThat(names(CustomerQuery.all().withSearch("%"))).isEmpty();
        assertThat(names(CustomerQuery.all().withSearch("OPS@sig"))).containsExactly("Signed One");
        assertThat(names(CustomerQuery.all().withSearch("gamma-second-admin@"))).containsExactly("Gamma");
        assertThat(names(CustomerQuery.all().withSearch("gamma-plain-user@"))).as("not an owner").isEmpty();
        assertThat(names(CustomerQuery.all().withSearch(orgs.get("Zeta").toUpperCase(java.util.Locale.ROOT))))
                .containsExactly("Zeta");
        assertThat(admin.customers().list(CustomerQuery.all().withSearch("acme").withSort("-created").withLimit(1))
                .items()).extracting(CustomerSummary::name).hasSize(1).isSubsetOf("Acme 1", "Acme 2", "acme lower", "ACME Upper");
    }

    static List<String> names(CustomerQuery query) {
        return all(query).stream().map(CustomerSummary::name).toList();
    }

    @Test
    void filtersByStatusAndPlanCombineWithSearchAndSort() {
        assertThat(names(CustomerQuery.all().withPlan("enterprise"))).containsExactly("ACME Upper", "Zeta");
        assertThat(names(CustomerQuery.all().withStatus("trialing").withSearch("acme"))).containsExactly("acme lower");
        assertThat(all(CustomerQuery.all().withStatus("trialing").withSort("plan").withLimit(1)))
                .extracting(CustomerSummary::status).containsOnly("trialing").hasSizeGreaterThanOrEqualTo(5);
        assertThat(names(CustomerQuery.all().withStatus("canceled"))).isEmpty();
    }

    @Test
    void eachRowShowsPlanStatusPeriodUsageAndOwner() {
        Map<String, CustomerSummary> byId = new LinkedHashMap<>();
        all(CustomerQuery.all()).forEach(c -> byId.put(c.orgId(), c));
        CustomerSummary gamma = byId.get(owned);
        assertThat(gamma.ownerEmail()).as("the earliest TENANT_ADMIN").isEqualTo("gamma-first-admin@example.com");
        assertThat(byId.get(orgs.get("Zeta")).ownerEmail()).isNull();
        CustomerSummary used = byId.get(metered.orgId());
        assertThat(used.usedUnits()).isEqualTo(7);
        assertThat(used.includedUnits()).isEqualTo(50_000);
        assertThat(used.metric()).isEqualTo("api_call");
        CustomerSummary zeta = byId.get(orgs.get("Zeta"));
        assertThat(zeta.status()).isEqualTo("trialing");
        assertThat(zeta.trialEndsAt()).isEqualTo(START.plus(java.time.Duration.ofDays(5)));
        assertThat(zeta.currentPeriodStart()).isEqualTo(START);
        assertThat(zeta.currentPeriodEnd()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(zeta.includedUnits()).isEqualTo(1_000_000);
        assertThat(zeta.createdAt()).isEqualTo(START);
    }

    @Test
    void aPageAndItsCursorHaveAStableShape() {
        Answer page = HttpCalls.get(server.baseUrl() + "/api/admin/customers?search=acme&limit=2", identity.admin().bearer());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        String cursor = page.json().at("/data/nextCursor").asText();
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        GoldenFiles.assertMatches("customers-list-200", page.status(), page.body().replace(cursor, "<cursor>"));
        Answer next = HttpCalls.get(server.baseUrl() + "/api/admin/customers?search=acme&limit=2&cursor=" + cursor,
                identity.admin().bearer());
        assertThat(next.json().at("/data/items").findValuesAsText("name")).containsExactly("acme lower", "ACME Upper");
        assertThat(next.json().at("/data/nextCursor").isNull()).isTrue();
    }

    @Test
    void badQueriesAre400NamingTheParameter() {
        String otherSort = admin.customers().list(CustomerQuery.all().withSort("created").withLimit(1)).nextCursor();
        Map<CustomerQuery, String> cases = new LinkedHashMap<>();
        cases.put(CustomerQuery.all().withStatus("DONE"), "status");
        cases.put(CustomerQuery.all().withSort("size"), "sort");
        cases.put(CustomerQuery.all().withPlan("Not A Plan"), "plan");
        cases.put(CustomerQuery.all().withCursor("not a cursor!"), "cursor");
        cases.put(CustomerQuery.all().withCursor("bm9wZQ"), "cursor");
        cases.put(CustomerQuery.all().withSort("name").withCursor(otherSort), "cursor");
        cases.put(CustomerQuery.all().withLimit(0), "limit");
        cases.put(CustomerQuery.all().withLimit(101), "limit");
        cases.put(CustomerQuery.all().withSearch("x".repeat(201)), "search");
        cases.forEach((query, field) -> {
            ApiError error = catchThrowableOfType(() -> admin.customers().list(query), ApiError.class);
            assertThat(error).as(query.toString()).isNotNull();
            assertThat(error.status()).isEqualTo(400);
            assertThat(String.valueOf(error.details().get("fields"))).as(query.toString()).contains(field + "=");
        });
        Answer empty = HttpCalls.get(server.baseUrl() + "/api/admin/customers?limit=", identity.admin().bearer());
        assertThat(empty.status()).isEqualTo(400);
        ApiError badId = catchThrowableOfType(() -> admin.customers().get("not-a-uuid"), ApiError.class);
        assertThat(badId.status()).isEqualTo(400);
        ApiError unknown = catchThrowableOfType(() -> admin.customers().get(UUID.randomUUID().toString()), ApiError.class);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theDetailShowsEntitlementBillingUsersAndInvoices() {
        CustomerDetail detail = admin.customers().get(signedUp);
        assertThat(detail.name()).isEqualTo("Signed One");
        assertThat(detail.entitlement().planCode()).isEqualTo("starter");
        assertThat(detail.entitlement().status()).isEqualTo("trialing");
        assertThat(detail.entitlement().includedUnits()).isEqualTo(1_000);
        assertThat(detail.scheduledChange()).isNull();
        assertThat(detail.billing()).isNotNull();
        assertThat(detail.billing().billingMode()).isEqualTo("dry-run");
        assertThat(detail.billingError()).isNull();
        assertThat(detail.invoices().items()).hasSize(1); // the trial's 0.00 invoice
        assertThat(detail.invoicesError()).isNull();
        assertThat(detail.userCount()).isEqualTo(detail.users().size());

        CustomerDetail gamma = admin.customers().get(owned);
        assertThat(gamma.users()).extracting(CustomerDetail.CustomerUser::username)
                .containsExactly("gamma-first-admin", "gamma-plain-user", "gamma-second-admin");
        assertThat(gamma.users().get(0).roles()).containsExactly("TENANT_ADMIN", "USER");
        assertThat(gamma.users().get(0).email()).isEqualTo("gamma-first-admin@example.com");
        assertThat(gamma.userCount()).isEqualTo(3);
        assertThat(gamma.ownerEmail()).isEqualTo("gamma-first-admin@example.com");
        assertThat(gamma.billing()).as("not created by sign-up").isNull();
        assertThat(gamma.billingError()).contains("no billing account");
        assertThat(gamma.invoices()).isNull();
        assertThat(gamma.invoicesError()).contains("no billing account");

        CustomerDetail used = admin.customers().get(metered.orgId());
        assertThat(used.entitlement().used()).isEqualTo(7);
        assertThat(used.entitlement().remaining()).isEqualTo(50_000 - 7);
        assertThat(used.entitlement().periodKey()).isEqualTo("2026-03-01");

        Answer zeta = HttpCalls.get(server.baseUrl() + "/api/admin/customers/" + orgs.get("Zeta"), identity.admin().bearer());
        GoldenFiles.assertMatches("customers-detail-200", zeta.status(), zeta.body());
    }

    @Test
    void onlyAdminsSeeCustomers() throws Exception {
        var tenantAdmin = identity.userInTenant("customers-tenant-admin", orgs.get("Beta Co"), Role.TENANT_ADMIN);
        try (FamiliarClient client = FamiliarClient.connect(server.baseUrl()).withBearer(tenantAdmin.token())) {
            assertThat(catchThrowableOfType(() -> client.customers().list(CustomerQuery.all()), ApiError.class).status())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(() -> client.customers().get(orgs.get("Beta Co")), ApiError.class).status())
                    .isEqualTo(403);
        }
        Set<String> seen = new HashSet<>();
        all(CustomerQuery.all().withLimit(100)).forEach(c -> seen.add(c.orgId()));
        assertThat(seen).doesNotContain(identity.admin().tenantId());
    }
}
