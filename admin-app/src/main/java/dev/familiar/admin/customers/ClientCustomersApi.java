package dev.familiar.admin.customers;

import dev.familiar.model.billing.BillingState;
import dev.familiar.model.billing.CancelPreview;
import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.billing.InvoiceList;
import dev.familiar.model.billing.PlanPreview;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.customers.CustomerDetail;
import dev.familiar.model.customers.CustomerPage;
import dev.familiar.model.customers.CustomerQuery;
import dev.familiar.model.customers.CustomerSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** {@link CustomersApi} over the typed client's {@code customers()}, {@code billing()} and {@code catalog()}. */
public final class ClientCustomersApi implements CustomersApi {
    private final FamiliarClient client;

    public ClientCustomersApi(FamiliarClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Page list(String search, CustomerSort sort, String cursor, int limit) {
        CustomerPage page = client.customers().list(CustomerQuery.all().withSearch(search).withSort(sort.key())
                .withCursor(cursor).withLimit(limit));
        return new Page(page.items().stream().map(ClientCustomersApi::row).toList(), page.nextCursor());
    }

    private static Row row(CustomerSummary s) {
        return new Row(s.orgId(), s.name(), s.planCode(), s.status(), s.trialEndsAt(), s.currentPeriodEnd(),
                s.usedUnits(), s.includedUnits(), s.ownerEmail(), s.createdAt());
    }

    @Override
    public Detail detail(String orgId) {
        CustomerDetail d = client.customers().get(orgId);
        CustomerDetail.CustomerEntitlement e = d.entitlement();
        CustomerDetail.ScheduledChange scheduled = d.scheduledChange();
        BillingState b = d.billing();
        Billing billing = b == null ? null : new Billing(b.billingMode(), b.subscriptionStatus(), b.paused(),
                b.cancelAtPeriodEnd(), b.currentPeriodEnd(), b.refunds() == null ? List.of() : b.refunds().stream()
                .map(r -> new Refund(r.invoiceId(), r.amount(), r.currency(), r.formula(), r.createdAt())).toList());
        InvoiceList invoices = d.invoices();
        return new Detail(d.orgId(), d.name(), d.createdAt(), d.ownerEmail(),
                e == null ? null : e.planCode(), e == null ? null : e.status(), e == null ? null : e.trialEndsAt(),
                e == null ? null : e.periodStart(), e == null ? null : e.periodEnd(), e == null ? null : e.metric(),
                e == null ? 0 : e.used(), e == null ? 0 : e.includedUnits(),
                scheduled == null ? null : scheduled.planCode(), scheduled == null ? null : scheduled.effectiveAt(),
                billing, d.billingError(),
                d.users() == null ? List.of() : d.users().stream()
                        .map(u -> new User(u.username(), u.email(), u.roles() == null ? List.of() : u.roles())).toList(),
                d.userCount(),
                invoices == null || invoices.items() == null ? List.of() : invoices.items().stream()
                        .map(i -> new Invoice(i.id(), i.amount(), i.currency(), i.status(), i.url(), i.created())).toList(),
                d.invoicesError());
    }

    @Override
    public List<PlanOption> plans() {
        return client.catalog().list().stream().map(ClientCustomersApi::plan).toList();
    }

    private static PlanOption plan(CatalogPlan p) {
        return new PlanOption(p.code(), p.name() == null ? p.code() : p.name(), p.tier() == null ? 0 : p.tier(),
                p.amount() == null ? 0 : p.amount(), p.currency(), p.interval(), Boolean.TRUE.equals(p.archived()));
    }

    @Override
    public PlanChangePreview previewPlanChange(String orgId, String planCode, boolean prorate) {
        PlanPreview p = client.billing().preview(orgId, planCode, prorate);
        return new PlanChangePreview(p.amount(), p.currency(), p.items() == null ? List.of() : p.items().stream()
                .map(i -> i.description() + ": " + Money.format(i.amount(), p.currency())).toList());
    }

    @Override
    public void upgrade(String orgId, String planCode) {
        client.billing().upgrade(orgId, planCode);
    }

    @Override
    public Instant scheduleDowngrade(String orgId, String planCode) {
        return client.billing().downgrade(orgId, planCode).effectiveAt();
    }

    @Override
    public void withdrawDowngrade(String orgId) {
        client.billing().withdrawDowngrade(orgId);
    }

    @Override
    public void pause(String orgId) {
        client.billing().pause(orgId);
    }

    @Override
    public void resume(String orgId) {
        client.billing().resume(orgId);
    }

    @Override
    public void discontinue(String orgId) {
        client.billing().discontinue(orgId);
    }

    @Override
    public void undoDiscontinue(String orgId) {
        client.billing().undoDiscontinue(orgId);
    }

    @Override
    public RefundPreview cancelPreview(String orgId) {
        CancelPreview p = client.billing().cancelPreview(orgId);
        return new RefundPreview(p.amount(), p.currency(), p.formula(), p.invoiceId(), p.alreadyRefunded());
    }

    @Override
    public void cancelNow(String orgId) {
        client.billing().cancel(orgId);
    }

    @Override
    public void renew(String orgId) {
        client.billing().renew(orgId);
    }
}
