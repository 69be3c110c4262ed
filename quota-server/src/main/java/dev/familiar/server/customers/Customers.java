package dev.familiar.server.customers;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.billing.BillingState;
import dev.familiar.model.billing.InvoiceList;
import dev.familiar.model.customers.CustomerDetail;
import dev.familiar.model.customers.CustomerPage;
import dev.familiar.model.customers.CustomerSummary;
import dev.familiar.server.billing.BillingService;
import dev.familiar.server.catalog.Plan;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.entitlement.BillingPeriod;
import dev.familiar.server.entitlement.Entitlement;
import dev.familiar.server.entitlement.EntitlementStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's customers: a page of organisations with their plan, status, period, usage and owner, and one
 * organisation in full (entitlement, scheduled change, billing state, users, recent invoices). The detail is
 * answered even when the payment provider fails: the missing part says why.
 */
public final class Customers {
    private static final Logger LOG = LoggerFactory.getLogger(Customers.class);
    static final int DETAIL_USERS = 100;
    static final int DETAIL_INVOICES = 10;

    /** The outcome of {@link #detail}. */
    public sealed interface Detail {
        record Found(CustomerDetail customer) implements Detail { }
        record NotFound() implements Detail { }
    }

    private final CustomerStore store;
    private final PlanStore plans;
    private final EntitlementStore entitlements;
    private final BillingService billing;
    private final Clock clock;

    public Customers(CustomerStore store, PlanStore plans, EntitlementStore entitlements, BillingService billing,
                     Clock clock) {
        this.store = store;
        this.plans = plans;
        this.entitlements = entitlements;
        this.billing = billing;
        this.clock = clock;
    }

    /** One page; {@code nextCursor} is set when there may be more (one row beyond the page was found). */
    public CustomerPage page(CustomerStore.PageQuery query) throws SQLException {
        int limit = query.limit();
        List<CustomerStore.Row> rows = store.page(new CustomerStore.PageQuery(query.search(), query.status(), query.plan(),
                query.sort(), query.after(), limit + 1));
        boolean more = rows.size() > limit;
        List<CustomerStore.Row> shown = more ? rows.subList(0, limit) : rows;
        Instant now = clock.instant();
        Map<String, BillingPeriod> periods = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (CustomerStore.Row row : shown) {
            BillingPeriod period = BillingPeriod.containing(row.billingAnchor(), now);
            periods.put(row.orgId(), period);
            keys.put(row.orgId(), period.key());
        }
        Map<String, Long> used = store.used(PlanStore.API_CALL, keys);
        Map<String, String> owners = store.ownerEmails(keys.keySet());
        List<CustomerSummary> items = new ArrayList<>();
        for (CustomerStore.Row row : shown) {
            BillingPeriod period = periods.get(row.orgId());
            items.add(new CustomerSummary(row.orgId(), row.name(), row.planCode(), row.status().wireName(),
                    row.trialEndsAt().orElse(null), period.start(), period.end(), PlanStore.API_CALL,
                    used.getOrDefault(row.orgId(), 0L), included(row.planCode()), owners.get(row.orgId()),
                    row.createdAt()));
        }
        String next = null;
        if (more) {
            CustomerStore.Row last = shown.get(shown.size() - 1);
            next = new CustomerCursor(query.sort(), last.orgId(), last.sortKey()).encode();
        }
        return new CustomerPage(items, next);
    }

    public Detail detail(String orgId) throws SQLException {
        Optional<CustomerStore.Row> found = store.find(orgId);
        Optional<Entitlement> entitlement = entitlements.find(orgId);
        if (found.isEmpty() || entitlement.isEmpty()) {
            return new Detail.NotFound();
        }
        CustomerStore.Row row = found.get();
        Entitlement e = entitlement.get();
        Instant now = clock.instant();
        BillingPeriod period = e.periodAt(now);
        String planNow = e.planAt(now);
        long included = included(planNow);
        long used = store.used(PlanStore.API_CALL, Map.of(orgId, period.key())).getOrDefault(orgId, 0L);
        var view = new CustomerDetail.CustomerEntitlement(planNow, e.status().wireName(), e.trialEndsAt().orElse(null),
                e.usableAt(now), period.key(), period.start(), period.end(), PlanStore.API_CALL, included, used,
                Math.max(0, included - used));
        CustomerDetail.ScheduledChange scheduled = e.scheduledPlanCode().isPresent() && e.scheduledAt().isPresent()
                && now.isBefore(e.scheduledAt().get())
                ? new CustomerDetail.ScheduledChange(e.scheduledPlanCode().get(), e.scheduledAt().get()) : null;

        BillingState state = null;
        String billingError = null;
        try {
            state = billing.state(orgId);
        } catch (ApiError error) {
            billingError = error.getMessage();
        }
        InvoiceList invoices = null;
        String invoicesError = null;
        try {
            invoices = billing.invoices(orgId, Optional.empty(), DETAIL_INVOICES);
        } catch (ApiError error) {
            invoicesError = error.getMessage();
        } catch (RuntimeException error) { // the provider's failure must not fail the page
            LOG.warn("Customer {}: the invoices could not be read: {}", orgId, error.toString());
            invoicesError = "The payment provider did not answer; the invoices are not shown";
        }
        List<CustomerDetail.CustomerUser> users = new ArrayList<>();
        for (CustomerStore.UserRow u : store.users(orgId, DETAIL_USERS)) {
            users.add(new CustomerDetail.CustomerUser(u.id(), u.username(), u.email().orElse(null),
                    Arrays.stream(u.roles().split(",")).map(String::trim).filter(r -> !r.isEmpty()).sorted().toList(),
                    u.createdAt()));
        }
        String owner = store.ownerEmails(List.of(orgId)).get(orgId);
        return new Detail.Found(new CustomerDetail(orgId, row.name(), row.createdAt(), owner, view, scheduled, state,
                billingError, users, store.userCount(orgId), invoices, invoicesError));
    }

    private long included(String planCode) throws SQLException {
        return plans.find(planCode).flatMap((Plan p) -> p.allowance(PlanStore.API_CALL)).orElse(0L);
    }
}
