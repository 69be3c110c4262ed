package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.TestServers;
import dev.familiar.server.billing.dryrun.DryRunBillingGateway;
import dev.familiar.server.billing.gateway.BillingCustomer;
import dev.familiar.server.billing.gateway.BillingException;
import dev.familiar.server.billing.gateway.BillingInvoice;
import dev.familiar.server.billing.gateway.BillingSubscription;
import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.catalog.CatalogStore;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.db.Database;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry-run provider follows Stripe's rules and emits Stripe's events; repeated keys change nothing. */
class DryRunBillingGatewayTest {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    @TempDir
    Path tempDir;
    Database database;
    MutableClock clock = new MutableClock(START);
    WebhookInbox inbox;
    DryRunBillingGateway gateway;
    AtomicInteger nudges = new AtomicInteger();
    String customer;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestServers.config(tempDir));
        PlanStore plans = new PlanStore(database.dataSource(), clock);
        plans.seedIfEmpty();
        CatalogStore catalog = new CatalogStore(database.dataSource(), plans, clock);
        catalog.seedIfMissing();
        inbox = new WebhookInbox(database.dataSource(), clock);
        gateway = new DryRunBillingGateway(database.dataSource(), catalog, inbox, nudges::incrementAndGet,
                JsonBodies.strictMapper(), clock);
        BillingCustomer c = gateway.upsertCustomer("org-1", "Org", "a@b.example", "k-customer");
        assertThat(gateway.upsertCustomer("org-1", "Org", "a@b.example", "k-customer").id()).isEqualTo(c.id());
        customer = c.id();
    }

    @AfterEach
    void close() {
        database.close();
    }

    List<String> eventTypes() throws Exception {
        return inbox.list(Optional.empty(), 500).stream().map(InboxEvent::type).toList();
    }

    @Test
    void aHoldIsFoundByItsKeyAndReadBackInTheStateItIsIn() {
        var hold = gateway.holdPayment(java.util.Optional.of("cus_D1"), 1000, "usd", "tokens", "purchase:s1:hold");
        gateway.holdPayment(java.util.Optional.of("cus_D1"), 500, "usd", "tokens", "purchase:s2:hold");

        assertThat(gateway.findPayment(java.util.Optional.of("cus_D1"), "purchase:s1:hold", START.minusSeconds(60)))
                .contains(hold);
        assertThat(gateway.findPayment(java.util.Optional.of("cus_D1"), "purchase:s3:hold", START.minusSeconds(60)))
                .isEmpty();
        assertThat(gateway.retrievePayment(hold.id()).status()).isEqualTo("requires_capture");
        gateway.cancelPayment(hold.id(), "purchase:s1:cancel");
        assertThat(gateway.retrievePayment(hold.id()).status()).isEqualTo("canceled");
        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.familiar.server.billing.gateway.BillingException.class,
                () -> gateway.capturePayment(hold.id(), "purchase:s1:capture"));
        assertThat(refused.unknownOutcome()).isFalse();
    }

    @Test
    void aTrialSubscriptionIsBilledZeroThenRenewsIntoAPaidMonth() throws Exception {
        BillingSubscription s = gateway.createSubscription(customer, "org-1", "price_dryrun_starter", 14, "k-sub");
        assertThat(s.status()).isEqualTo("trialing");
        assertThat(s.trialEnd()).contains(START.plus(Duration.ofDays(14)));
        assertThat(s.currentPeriodEnd()).isEqualTo(START.plus(Duration.ofDays(14)));
        assertThat(gateway.createSubscription(customer, "org-1", "price_dryrun_starter", 14, "k-sub").id()).isEqualTo(s.id());
        assertThat(gateway.listInvoices(customer, Optional.empty(), 10).items()).hasSize(1);
        assertThat(nudges.get()).isPositive();

        assertThat(gateway.advanceCycles()).isZero(); // not due yet
        clock.advance(Duration.ofDays(14));
        assertThat(gateway.advanceCycles()).isEqualTo(1);
        BillingSubscription renewed = gateway.retrieveSubscription(s.id());
        assertThat(renewed.status()).isEqualTo("active");
        assertThat(renewed.currentPeriodEnd()).isEqualTo(Instant.parse("2026-04-15T00:00:00Z"));
        BillingInvoice invoice = gateway.latestPaidInvoice(s.id()).orElseThrow();
        assertThat(invoice.amountPaid()).isEqualTo(900);
        assertThat(invoice.periodStart()).contains(Instant.parse("2026-03-15T00:00:00Z"));
        assertThat(eventTypes()).contains("customer.subscription.created", "invoice.finalized", "invoice.paid",
                "customer.subscription.updated");
    }

    @Test
    void pausedCollectionVoidsTheRenewalAndDiscontinuedSubscriptionsEndAtPeriodEnd() throws Exception {
        BillingSubscription s = gateway.createSubscription(customer, "org-1", "price_dryrun_pro", 0, "k-sub");
        assertThat(gateway.latestPaidInvoice(s.id()).orElseThrow().amountPaid()).isEqualTo(4_900);
        assertThat(gateway.pauseCollection(s.id(), "k-pause").pausedCollection()).isTrue();
        clock.advance(Duration.ofDays(31));
        gateway.advanceCycles();
        List<BillingInvoice> invoices = gateway.listInvoices(customer, Optional.empty(), 10).items();
        assertThat(invoices.get(0).status()).isEqualTo("void");
        assertThat(invoices.get(0).amountPaid()).isZero();

        gateway.resumeCollection(s.id(), "k-resume");
        assertThat(gateway.setCancelAtPeriodEnd(s.id(), true, "k-cancel").cancelAtPeriodEnd()).isTrue();
        clock.advance(Duration.ofDays(31));
        gateway.advanceCycles();
        assertThat(gateway.retrieveSubscription(s.id()).status()).isEqualTo("canceled");
        assertThat(eventTypes()).contains("customer.subscription.deleted");
        assertThat(gateway.advanceCycles()).isZero();
    }

    @Test
    void aScheduledPriceTakesOverAtRenewalAndAReleasedOneDoesNot() throws Exception {
        BillingSubscription s = gateway.createSubscription(customer, "org-1", "price_dryrun_enterprise", 0, "k-sub");
        String schedule = gateway.schedulePriceChange(s, "price_dryrun_pro", "k-sched-1");
        BillingSubscription withSchedule = gateway.retrieveSubscription(s.id());
        assertThat(withSchedule.scheduleId()).contains(schedule);
        assertThat(gateway.schedulePriceChange(withSchedule, "price_dryrun_starter", "k-sched-2")).isEqualTo(schedule);
        clock.advance(Duration.ofDays(31));
        gateway.advanceCycles();
        BillingSubscription after = gateway.retrieveSubscription(s.id());
        assertThat(after.priceId()).isEqualTo("price_dryrun_starter"); // the rewritten schedule won
        assertThat(after.scheduleId()).isEmpty();

        String again = gateway.schedulePriceChange(after, "price_dryrun_pro", "k-sched-3");
        gateway.releaseSchedule(again, "k-release");
        clock.advance(Duration.ofDays(31));
        gateway.advanceCycles();
        assertThat(gateway.retrieveSubscription(s.id()).priceId()).isEqualTo("price_dryrun_starter");
    }

    @Test
    void anUpgradeInvoicesTheProrationOnceAndRefundsCannotExceedWhatWasPaid() throws Exception {
        BillingSubscription s = gateway.createSubscription(customer, "org-1", "price_dryrun_starter", 0, "k-sub");
        clock.advance(Duration.ofDays(10)); // 2026-03-11: 21 of 31 days left
        BillingSubscription up = gateway.changePriceNow(s, "price_dryrun_pro", "k-up");
        gateway.changePriceNow(s, "price_dryrun_pro", "k-up");
        assertThat(up.priceId()).isEqualTo("price_dryrun_pro");
        List<BillingInvoice> invoices = gateway.listInvoices(customer, Optional.empty(), 10).items();
        assertThat(invoices).hasSize(2);
        assertThat(invoices.get(0).amountPaid()).isEqualTo(3319 - 610);

        BillingInvoice paid = gateway.latestPaidInvoice(s.id()).orElseThrow();
        assertThat(gateway.refundInvoice(paid.id(), 100, "test", "k-ref").amount()).isEqualTo(100);
        assertThatThrownBy(() -> gateway.refundInvoice(paid.id(), paid.amountPaid(), "test", "k-ref-2"))
                .isInstanceOf(BillingException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> gateway.retrieveSubscription("sub_missing"))
                .isInstanceOfSatisfying(BillingException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
