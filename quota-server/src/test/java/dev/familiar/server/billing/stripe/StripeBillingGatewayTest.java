package dev.familiar.server.billing.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.familiar.server.billing.gateway.BillingCustomer;
import dev.familiar.server.billing.gateway.BillingException;
import dev.familiar.server.billing.gateway.BillingInvoice;
import dev.familiar.server.billing.gateway.BillingRefund;
import dev.familiar.server.billing.gateway.BillingSubscription;
import dev.familiar.server.billing.gateway.CheckoutSession;
import dev.familiar.server.billing.gateway.InvoicePage;
import dev.familiar.server.billing.gateway.InvoicePreview;
import dev.familiar.server.billing.gateway.PaymentHold;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Stripe adapter against a local stand-in that answers with Stripe's JSON (API version 2026-07-29.dahlia):
 * what goes over the wire (method, path, form or query parameters, key, idempotency key) and how the answers map.
 */
class StripeBillingGatewayTest {
    private static final String API_KEY = "sk_test_51FakeKey0123456789abcdef";

    // 2026-01-01T00:00:00Z, 2026-01-15T00:00:00Z, 2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z
    private static final long JAN_1 = 1767225600L;
    private static final long JAN_15 = 1768435200L;
    private static final long FEB_1 = 1769904000L;
    private static final long MAR_1 = 1772323200L;

    private MockWebServer server;
    private StripeBillingGateway gateway;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        gateway = new StripeBillingGateway(API_KEY, apiBase());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void modeIsStripe() {
        assertThat(gateway.mode()).isEqualTo("stripe");
    }

    @Test
    void upsertCustomerCreatesACustomerTaggedWithTheOrg() throws Exception {
        answer(CUSTOMER);

        BillingCustomer customer = gateway.upsertCustomer("org_1", "Acme", "ops@acme.test", "customer:org_1");

        assertThat(customer).isEqualTo(new BillingCustomer("cus_Q1", "ops@acme.test"));
        RecordedRequest request = takePost("/v1/customers", "customer:org_1");
        assertThat(form(request)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "email", "ops@acme.test",
                "name", "Acme",
                "metadata[org_id]", "org_1"));
        assertThat(request.getHeaders().get("Stripe-Version")).isEqualTo("2026-07-29.dahlia");
    }

    @Test
    void createSubscriptionSendsPriceTrialAndOrgAndMapsTheItemPeriod() throws Exception {
        answer(subscription("trialing", "price_pro", String.valueOf(JAN_15), false, "null", "null"));

        BillingSubscription sub = gateway.createSubscription("cus_Q1", "org_1", "price_pro", 14, "sub:org_1");

        assertThat(form(takePost("/v1/subscriptions", "sub:org_1"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "customer", "cus_Q1",
                "items[0][price]", "price_pro",
                "trial_period_days", "14",
                "metadata[org_id]", "org_1"));
        assertThat(sub).isEqualTo(new BillingSubscription("sub_1", "cus_Q1", "trialing", "si_1", "price_pro",
                Instant.ofEpochSecond(JAN_1), Instant.ofEpochSecond(FEB_1), Optional.of(Instant.ofEpochSecond(JAN_15)),
                false, false, Optional.empty()));
    }

    @Test
    void createSubscriptionWithoutTrialSendsNoTrialDays() throws Exception {
        answer(subscription("active", "price_pro", "null", false, "null", "null"));

        BillingSubscription sub = gateway.createSubscription("cus_Q1", "org_1", "price_pro", 0, "sub:org_1");

        assertThat(form(takePost("/v1/subscriptions", "sub:org_1"))).doesNotContainKey("trial_period_days")
                .containsEntry("items[0][price]", "price_pro");
        assertThat(sub.status()).isEqualTo("active");
        assertThat(sub.trialEnd()).isEmpty();
    }

    @Test
    void createCheckoutSessionAsksForASubscriptionWithTrialAndReturnsItsUrl() throws Exception {
        answer(CHECKOUT_SESSION);

        CheckoutSession session = gateway.createCheckoutSession("cus_Q1", "org_1", "price_pro", 14,
                "https://app.test/billing?ok", "https://app.test/billing?cancel", "checkout:org_1:1");

        assertThat(session).isEqualTo(new CheckoutSession("cs_test_a1", "https://checkout.stripe.com/c/pay/cs_test_a1"));
        Map<String, String> form = form(takePost("/v1/checkout/sessions", "checkout:org_1:1"));
        assertThat(form).containsExactlyInAnyOrderEntriesOf(Map.of(
                "mode", "subscription",
                "customer", "cus_Q1",
                "client_reference_id", "org_1",
                "line_items[0][price]", "price_pro",
                "line_items[0][quantity]", "1",
                "subscription_data[trial_period_days]", "14",
                "subscription_data[metadata][org_id]", "org_1",
                "metadata[org_id]", "org_1",
                "success_url", "https://app.test/billing?ok",
                "cancel_url", "https://app.test/billing?cancel"));
    }

    @Test
    void retrieveSubscriptionMapsScheduleCancellationAndPausedCollection() throws Exception {
        answer(subscription("active", "price_pro", "null", true, "{\"behavior\":\"void\",\"resumes_at\":null}",
                "\"sub_sched_1\""));

        BillingSubscription sub = gateway.retrieveSubscription("sub_1");

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/subscriptions/sub_1");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(sub.cancelAtPeriodEnd()).isTrue();
        assertThat(sub.pausedCollection()).isTrue();
        assertThat(sub.scheduleId()).contains("sub_sched_1");
        assertThat(sub.currentPeriodStart()).isEqualTo(Instant.ofEpochSecond(JAN_1));
        assertThat(sub.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(FEB_1));
    }

    @Test
    void previewWithProrationSendsTheNewPriceAtTheProrationDateAndMapsTheLines() throws Exception {
        answer(PRORATION_PREVIEW);

        InvoicePreview preview = gateway.previewPriceChange(current(), "price_team", true, Instant.ofEpochSecond(JAN_15));

        RecordedRequest request = takePost("/v1/invoices/create_preview", null);
        assertThat(form(request)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "customer", "cus_Q1",
                "subscription", "sub_1",
                "subscription_details[items][0][id]", "si_1",
                "subscription_details[items][0][price]", "price_team",
                "subscription_details[proration_behavior]", "always_invoice",
                "subscription_details[proration_date]", String.valueOf(JAN_15)));
        assertThat(preview.amount()).isEqualTo(1050);
        assertThat(preview.currency()).isEqualTo("eur");
        assertThat(preview.proration()).isTrue();
        assertThat(preview.items()).containsExactly(
                new InvoicePreview.Line("Unused time on Pro after 15 Jan 2026", -1500, "price_pro", true),
                new InvoicePreview.Line("Remaining time on Team after 15 Jan 2026", 2550, "price_team", true));
    }

    @Test
    void previewWithoutProrationAsksForNoneAndShowsTheNextInvoice() throws Exception {
        answer(NEXT_INVOICE_PREVIEW);

        InvoicePreview preview = gateway.previewPriceChange(current(), "price_team", false, Instant.ofEpochSecond(JAN_15));

        assertThat(form(takePost("/v1/invoices/create_preview", null)))
                .containsEntry("subscription_details[proration_behavior]", "none");
        assertThat(preview.proration()).isFalse();
        assertThat(preview.amount()).isEqualTo(4900);
        assertThat(preview.items()).containsExactly(
                new InvoicePreview.Line("1 × Team (at €49.00 / month)", 4900, "price_team", false),
                new InvoicePreview.Line("Support hours", 0, null, false));
    }

    @Test
    void changePriceNowSwapsThePriceOfTheItemAndInvoicesAtOnce() throws Exception {
        answer(subscription("active", "price_team", "null", false, "null", "null"));

        BillingSubscription sub = gateway.changePriceNow(current(), "price_team", "change:sub_1:1");

        assertThat(form(takePost("/v1/subscriptions/sub_1", "change:sub_1:1"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "items[0][id]", "si_1",
                "items[0][price]", "price_team",
                "proration_behavior", "always_invoice"));
        assertThat(sub.priceId()).isEqualTo("price_team");
    }

    @Test
    void schedulePriceChangeCreatesAScheduleFromTheSubscriptionThenWritesTwoPhases() throws Exception {
        answer(SCHEDULE);
        answer(SCHEDULE);

        String scheduleId = gateway.schedulePriceChange(current(), "price_basic", "schedule:sub_1:1");

        assertThat(scheduleId).isEqualTo("sub_sched_1");
        assertThat(form(takePost("/v1/subscription_schedules", "schedule:sub_1:1:create")))
                .containsExactly(entry("from_subscription", "sub_1"));
        assertThat(form(takePost("/v1/subscription_schedules/sub_sched_1", "schedule:sub_1:1:phases")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "end_behavior", "release",
                        "phases[0][items][0][price]", "price_pro",
                        "phases[0][start_date]", String.valueOf(JAN_1),
                        "phases[0][end_date]", String.valueOf(FEB_1),
                        "phases[1][items][0][price]", "price_basic"));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void schedulePriceChangeRewritesAnExistingSchedule() throws Exception {
        answer(SCHEDULE);
        BillingSubscription withSchedule = new BillingSubscription("sub_1", "cus_Q1", "active", "si_1", "price_pro",
                Instant.ofEpochSecond(JAN_1), Instant.ofEpochSecond(FEB_1), Optional.empty(), false, false,
                Optional.of("sub_sched_1"));

        String scheduleId = gateway.schedulePriceChange(withSchedule, "price_basic", "schedule:sub_1:2");

        assertThat(scheduleId).isEqualTo("sub_sched_1");
        assertThat(form(takePost("/v1/subscription_schedules/sub_sched_1", "schedule:sub_1:2:phases")))
                .containsEntry("phases[1][items][0][price]", "price_basic");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void releaseScheduleReleasesIt() throws Exception {
        answer(RELEASED_SCHEDULE);

        gateway.releaseSchedule("sub_sched_1", "release:sub_sched_1");

        assertThat(form(takePost("/v1/subscription_schedules/sub_sched_1/release", "release:sub_sched_1"))).isEmpty();
    }

    @Test
    void listInvoicesPagesWithTheLastIdAndMapsPeriodsFromTheLines() throws Exception {
        answer(invoiceList(true));

        InvoicePage page = gateway.listInvoices("cus_Q1", Optional.of("in_0"), 2);

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/invoices");
        assertThat(query(request.getUrl())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "customer", "cus_Q1",
                "limit", "2",
                "starting_after", "in_0"));
        assertThat(page.nextCursor()).contains("in_2");
        assertThat(page.items()).containsExactly(
                new BillingInvoice("in_1", "cus_Q1", Optional.of("sub_1"), "paid", 2900, 2900, "eur",
                        Optional.of("https://invoice.stripe.com/i/acct_1/test_in_1"), Instant.ofEpochSecond(FEB_1),
                        Optional.of(Instant.ofEpochSecond(FEB_1)), Optional.of(Instant.ofEpochSecond(MAR_1))),
                // no lines: the invoice's own period
                new BillingInvoice("in_2", "cus_Q1", Optional.empty(), "open", 500, 0, "eur", Optional.empty(),
                        Instant.ofEpochSecond(JAN_15), Optional.of(Instant.ofEpochSecond(JAN_1)),
                        Optional.of(Instant.ofEpochSecond(JAN_15))));
    }

    @Test
    void listInvoicesWithoutMoreHasNoCursor() throws Exception {
        answer(invoiceList(false));

        InvoicePage page = gateway.listInvoices("cus_Q1", Optional.empty(), 10);

        assertThat(query(take().getUrl())).doesNotContainKey("starting_after").containsEntry("limit", "10");
        assertThat(page.items()).hasSize(2);
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void createSetupIntentSecretReturnsTheClientSecret() throws Exception {
        answer(SETUP_INTENT);

        String secret = gateway.createSetupIntentSecret("cus_Q1", "setup:org_1:1");

        assertThat(secret).isEqualTo("seti_1_secret_abc");
        assertThat(form(takePost("/v1/setup_intents", "setup:org_1:1"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "customer", "cus_Q1",
                "usage", "off_session",
                "automatic_payment_methods[enabled]", "true"));
    }

    @Test
    void createPortalSessionReturnsItsUrl() throws Exception {
        answer(PORTAL_SESSION);

        String url = gateway.createPortalSession("cus_Q1", "https://app.test/billing");

        assertThat(url).isEqualTo("https://billing.stripe.com/p/session/test_abc");
        assertThat(form(takePost("/v1/billing_portal/sessions", null))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "customer", "cus_Q1",
                "return_url", "https://app.test/billing"));
    }

    @Test
    void pauseCollectionVoidsInvoicesUntilResumed() throws Exception {
        answer(subscription("active", "price_pro", "null", false, "{\"behavior\":\"void\",\"resumes_at\":null}",
                "null"));

        BillingSubscription sub = gateway.pauseCollection("sub_1", "pause:sub_1:1");

        assertThat(form(takePost("/v1/subscriptions/sub_1", "pause:sub_1:1")))
                .containsExactly(entry("pause_collection[behavior]", "void"));
        assertThat(sub.pausedCollection()).isTrue();
    }

    @Test
    void resumeCollectionClearsPauseCollection() throws Exception {
        answer(subscription("active", "price_pro", "null", false, "null", "null"));

        BillingSubscription sub = gateway.resumeCollection("sub_1", "resume:sub_1:1");

        assertThat(form(takePost("/v1/subscriptions/sub_1", "resume:sub_1:1")))
                .containsExactly(entry("pause_collection", ""));
        assertThat(sub.pausedCollection()).isFalse();
    }

    @Test
    void setCancelAtPeriodEndSendsTheFlag() throws Exception {
        answer(subscription("active", "price_pro", "null", true, "null", "null"));
        answer(subscription("active", "price_pro", "null", false, "null", "null"));

        assertThat(gateway.setCancelAtPeriodEnd("sub_1", true, "cancel-end:sub_1:1").cancelAtPeriodEnd()).isTrue();
        assertThat(gateway.setCancelAtPeriodEnd("sub_1", false, "cancel-end:sub_1:2").cancelAtPeriodEnd()).isFalse();

        assertThat(form(takePost("/v1/subscriptions/sub_1", "cancel-end:sub_1:1")))
                .containsExactly(entry("cancel_at_period_end", "true"));
        assertThat(form(takePost("/v1/subscriptions/sub_1", "cancel-end:sub_1:2")))
                .containsExactly(entry("cancel_at_period_end", "false"));
    }

    @Test
    void cancelNowCancelsWithoutProrationOrFinalInvoice() throws Exception {
        answer(subscription("canceled", "price_pro", "null", false, "null", "null"));

        BillingSubscription sub = gateway.cancelNow("sub_1", "cancel:sub_1");

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/subscriptions/sub_1");
        assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("cancel:sub_1");
        // stripe-java sends the parameters of a DELETE in the query string
        assertThat(query(request.getUrl())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "prorate", "false",
                "invoice_now", "false"));
        assertThat(form(request)).isEmpty();
        assertThat(sub.status()).isEqualTo("canceled");
    }

    @Test
    void latestPaidInvoiceSkipsInvoicesThatChargedNothing() throws Exception {
        answer(list("/v1/invoices", false, invoice("in_9", "paid", 0, 0, "null", "[]", JAN_15) + ","
                + invoice("in_1", "paid", 2900, 2900, "\"https://invoice.stripe.com/i/acct_1/test_in_1\"",
                "[" + LINE + "]", FEB_1)));

        Optional<BillingInvoice> invoice = gateway.latestPaidInvoice("sub_1");

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(query(request.getUrl())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "subscription", "sub_1",
                "status", "paid",
                "limit", "10"));
        assertThat(invoice).map(BillingInvoice::id).contains("in_1");
        assertThat(invoice).map(BillingInvoice::amountPaid).contains(2900L);
    }

    @Test
    void latestPaidInvoiceIsEmptyWhenNothingWasCharged() {
        answer(list("/v1/invoices", false, ""));

        assertThat(gateway.latestPaidInvoice("sub_1")).isEmpty();
    }

    @Test
    void refundInvoiceRefundsThePaymentIntentThatPaidIt() throws Exception {
        answer(list("/v1/invoice_payments", false,
                invoicePayment("inpay_0", "canceled", "pi_0") + "," + invoicePayment("inpay_1", "paid", "pi_1")));
        answer(REFUND);

        BillingRefund refund = gateway.refundInvoice("in_1", 1450, "downgrade", "refund:in_1:1");

        RecordedRequest payments = take();
        assertThat(payments.getMethod()).isEqualTo("GET");
        assertThat(payments.getUrl().encodedPath()).isEqualTo("/v1/invoice_payments");
        assertThat(query(payments.getUrl())).containsExactly(entry("invoice", "in_1"));
        assertThat(form(takePost("/v1/refunds", "refund:in_1:1"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "payment_intent", "pi_1",
                "amount", "1450",
                "metadata[reason]", "downgrade",
                "metadata[invoice_id]", "in_1"));
        assertThat(refund).isEqualTo(new BillingRefund("re_1", 1450, "eur", "succeeded"));
    }

    @Test
    void refundInvoiceWithoutAPaidPaymentIsAConflict() throws Exception {
        answer(list("/v1/invoice_payments", false, invoicePayment("inpay_0", "canceled", "pi_0")));

        BillingException e = catchThrowableOfType(BillingException.class,
                () -> gateway.refundInvoice("in_1", 1450, "downgrade", "refund:in_1:1"));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.providerCode()).isEqualTo("no_payment");
        assertThat(e.getMessage()).isEqualTo("invoice in_1 has no payment to refund");
        take();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aStripeErrorBecomesABillingExceptionWithoutTheKey() throws Exception {
        server.enqueue(new MockResponse.Builder().code(404)
                .addHeader("Content-Type", "application/json")
                .addHeader("Request-Id", "req_abc123")
                .body(RESOURCE_MISSING)
                .build());

        BillingException e = catchThrowableOfType(BillingException.class,
                () -> gateway.createSetupIntentSecret("cus_x", "setup:org_1:1"));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.providerCode()).isEqualTo("resource_missing");
        assertThat(e.getMessage())
                .isEqualTo("Stripe create setup intent failed: invalid_request_error (resource_missing): "
                        + "No such customer: 'cus_x' [request req_abc123]")
                .doesNotContain(API_KEY);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedWithTheSameKeyThenFails() throws Exception {
        for (int i = 0; i < 3; i++) {
            answer(500, SERVER_ERROR);
        }

        BillingException e = catchThrowableOfType(BillingException.class,
                () -> gateway.upsertCustomer("org_1", "Acme", "ops@acme.test", "customer:org_1"));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.providerCode()).isEmpty();
        assertThat(e.getMessage()).startsWith("Stripe create customer failed: api_error").doesNotContain(API_KEY);
        for (int i = 0; i < 3; i++) {
            takePost("/v1/customers", "customer:org_1");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aServerErrorWithoutRetriesFailsAtOnce() throws Exception {
        StripeBillingGateway noRetries = new StripeBillingGateway(API_KEY, apiBase(), 0);
        answer(500, SERVER_ERROR);

        BillingException e = catchThrowableOfType(BillingException.class, () -> noRetries.retrieveSubscription("sub_1"));

        assertThat(e.status()).isEqualTo(500);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnreachableStripeIsStatusZero() {
        String base = apiBase();
        server.close();
        StripeBillingGateway unreachable = new StripeBillingGateway(API_KEY, base, 0);

        BillingException e = catchThrowableOfType(BillingException.class, () -> unreachable.retrieveSubscription("sub_1"));

        assertThat(e.status()).isZero();
        assertThat(e.unknownOutcome()).isTrue();
        assertThat(e.getMessage()).startsWith("Stripe retrieve subscription failed: could not reach Stripe (")
                .contains("ApiConnectionException")
                .doesNotContain(API_KEY);
    }

    // --- payment holds (token purchases) ---

    @Test
    void holdPaymentConfirmsAManualCaptureIntentTaggedWithItsKey() throws Exception {
        answer(CUSTOMER_WITH_CARD);
        answer(paymentIntent("pi_1", "requires_capture", "purchase:s1:hold"));

        PaymentHold hold = gateway.holdPayment(Optional.of("cus_Q1"), 1000, "usd", "tokens", "purchase:s1:hold");

        assertThat(hold).isEqualTo(new PaymentHold("pi_1", 1000, "usd", "requires_capture"));
        take();
        assertThat(form(takePost("/v1/payment_intents", "purchase:s1:hold")))
                .containsEntry("capture_method", "manual")
                .containsEntry("confirm", "true")
                .containsEntry("payment_method", "pm_1")
                .containsEntry("metadata[familiar_hold_key]", "purchase:s1:hold");
    }

    @Test
    void anUnreadable200IsAnUnknownOutcomeThatKeepsItsCauseWithoutSecrets() throws Exception {
        answer(CUSTOMER_WITH_CARD);
        answer("{\"id\":\"pi_1\",\"object\":\"payment_intent\",\"client_secret\":\"pi_1_secret_Xy12ab\",\"status\":\"req");

        BillingException e = catchThrowableOfType(BillingException.class,
                () -> gateway.holdPayment(Optional.of("cus_Q1"), 1000, "usd", "tokens", "purchase:s1:hold"));

        assertThat(e.unknownOutcome()).isTrue();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.getMessage()).contains("create payment intent").contains("ApiException")
                .contains("MalformedJsonException").doesNotContain("pi_1_secret_Xy12ab").doesNotContain(API_KEY);
    }

    @Test
    void aPaymentIntentWithoutAStatusIsAnUnknownOutcome() {
        answer("{\"id\":\"pi_1\",\"object\":\"payment_intent\"}");

        BillingException e = catchThrowableOfType(BillingException.class,
                () -> gateway.capturePayment("pi_1", "purchase:s1:capture"));

        assertThat(e.unknownOutcome()).isTrue();
    }

    @Test
    void aDeclineIsAClearRefusalAndA5xxAnUnknownOutcome() {
        StripeBillingGateway noRetries = new StripeBillingGateway(API_KEY, apiBase(), 0);
        answer(402, "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"message\":\"Your card was declined.\"}}");
        answer(500, SERVER_ERROR);
        answer(429, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\",\"message\":\"Too many\"}}");

        BillingException declined = catchThrowableOfType(BillingException.class,
                () -> noRetries.capturePayment("pi_1", "purchase:s1:capture"));
        BillingException failed = catchThrowableOfType(BillingException.class,
                () -> noRetries.capturePayment("pi_1", "purchase:s1:capture"));
        BillingException limited = catchThrowableOfType(BillingException.class,
                () -> noRetries.capturePayment("pi_1", "purchase:s1:capture"));

        assertThat(declined.outcome()).isEqualTo(BillingException.Outcome.REFUSED);
        assertThat(declined.providerCode()).isEqualTo("card_declined");
        assertThat(failed.outcome()).isEqualTo(BillingException.Outcome.UNKNOWN);
        assertThat(limited.outcome()).isEqualTo(BillingException.Outcome.UNKNOWN);
    }

    @Test
    void retrievePaymentReadsTheStatusStripeHasNow() throws Exception {
        answer(paymentIntent("pi_1", "canceled", "purchase:s1:hold"));

        assertThat(gateway.retrievePayment("pi_1").status()).isEqualTo("canceled");
        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/payment_intents/pi_1");
    }

    @Test
    void findPaymentListsTheCustomersIntentsSinceThenAndPicksTheOneWithTheKey() throws Exception {
        answer("{\"object\":\"list\",\"url\":\"/v1/payment_intents\",\"has_more\":true,\"data\":["
                + paymentIntent("pi_3", "requires_capture", "purchase:other:hold") + "]}");
        answer("{\"object\":\"list\",\"url\":\"/v1/payment_intents\",\"has_more\":false,\"data\":["
                + paymentIntent("pi_2", "requires_capture", "purchase:s1:hold") + "]}");

        Optional<PaymentHold> found = gateway.findPayment(Optional.of("cus_Q1"), "purchase:s1:hold",
                Instant.ofEpochSecond(JAN_1));

        assertThat(found).contains(new PaymentHold("pi_2", 1000, "usd", "requires_capture"));
        RecordedRequest first = take();
        assertThat(first.getMethod()).isEqualTo("GET");
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/payment_intents");
        assertThat(first.getUrl().queryParameter("customer")).isEqualTo("cus_Q1");
        assertThat(first.getUrl().queryParameter("created[gte]")).isEqualTo(String.valueOf(JAN_1));
        assertThat(first.getUrl().queryParameter("limit")).isEqualTo("100");
        assertThat(take().getUrl().queryParameter("starting_after")).isEqualTo("pi_3");
    }

    @Test
    void findPaymentIsEmptyWhenNoIntentCarriesTheKey() {
        answer("{\"object\":\"list\",\"url\":\"/v1/payment_intents\",\"has_more\":false,\"data\":["
                + paymentIntent("pi_3", "requires_capture", "purchase:other:hold") + "]}");

        assertThat(gateway.findPayment(Optional.of("cus_Q1"), "purchase:s1:hold", Instant.ofEpochSecond(JAN_1)))
                .isEmpty();
    }

    private static final String CUSTOMER_WITH_CARD = """
            {"id": "cus_Q1", "object": "customer", "email": "ops@acme.test", "livemode": false, "metadata": {},
             "invoice_settings": {"custom_fields": null, "default_payment_method": "pm_1", "footer": null,
                                  "rendering_options": null}}
            """;

    private static String paymentIntent(String id, String status, String key) {
        return """
                {"id": "%s", "object": "payment_intent", "amount": 1000, "amount_capturable": 1000,
                 "amount_received": 0, "capture_method": "manual", "client_secret": "%s_secret_Zz9",
                 "confirmation_method": "automatic", "created": %d, "currency": "usd", "customer": "cus_Q1",
                 "description": "tokens", "livemode": false, "metadata": {"familiar_hold_key": "%s"},
                 "payment_method": "pm_1", "payment_method_types": ["card"], "status": "%s"}
                """.formatted(id, id, JAN_15, key, status);
    }

    // --- plumbing ---

    private String apiBase() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    private static BillingSubscription current() {
        return new BillingSubscription("sub_1", "cus_Q1", "active", "si_1", "price_pro", Instant.ofEpochSecond(JAN_1),
                Instant.ofEpochSecond(FEB_1), Optional.empty(), false, false, Optional.empty());
    }

    private void answer(String json) {
        answer(200, json);
    }

    private void answer(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(json)
                .build());
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the stand-in").isNotNull();
        return request;
    }

    /** Takes the next request and checks it is an authenticated POST to {@code path} carrying the idempotency key. */
    private RecordedRequest takePost(String path, String idempotencyKey) throws InterruptedException {
        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo(path);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
        if (idempotencyKey != null) {
            assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(idempotencyKey);
        }
        return request;
    }

    /** The decoded {@code application/x-www-form-urlencoded} body. */
    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            String previous = form.put(decode(parts[0]), parts.length == 2 ? decode(parts[1]) : "");
            assertThat(previous).as("parameter %s sent once", parts[0]).isNull();
        }
        return form;
    }

    private static Map<String, String> query(HttpUrl url) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : url.queryParameterNames()) {
            query.put(name, url.queryParameter(name));
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    // --- Stripe's answers (API version 2026-07-29.dahlia) ---

    private static final String CUSTOMER = """
            {
              "id": "cus_Q1",
              "object": "customer",
              "address": null,
              "balance": 0,
              "created": 1767225600,
              "currency": null,
              "default_source": null,
              "delinquent": false,
              "description": null,
              "email": "ops@acme.test",
              "invoice_prefix": "A1B2C3D4",
              "invoice_settings": {
                "custom_fields": null,
                "default_payment_method": null,
                "footer": null,
                "rendering_options": null
              },
              "livemode": false,
              "metadata": {"org_id": "org_1"},
              "name": "Acme",
              "next_invoice_sequence": 1,
              "phone": null,
              "preferred_locales": [],
              "shipping": null,
              "tax_exempt": "none",
              "test_clock": null
            }
            """;

    private static String subscription(String status, String priceId, String trialEnd, boolean cancelAtPeriodEnd,
                                       String pauseCollection, String schedule) {
        return """
                {
                  "id": "sub_1",
                  "object": "subscription",
                  "application": null,
                  "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null},
                  "billing_cycle_anchor": 1767225600,
                  "billing_mode": {"type": "flexible", "flexible": {"proration_discounts": "included"},
                                   "updated_at": 1767225600},
                  "cancel_at": null,
                  "cancel_at_period_end": %s,
                  "canceled_at": null,
                  "cancellation_details": {"comment": null, "feedback": null, "reason": null},
                  "collection_method": "charge_automatically",
                  "created": 1767225600,
                  "currency": "eur",
                  "customer": "cus_Q1",
                  "days_until_due": null,
                  "default_payment_method": null,
                  "description": null,
                  "discounts": [],
                  "ended_at": null,
                  "invoice_settings": {"account_tax_ids": null, "issuer": {"type": "self"}},
                  "items": {
                    "object": "list",
                    "data": [
                      {
                        "id": "si_1",
                        "object": "subscription_item",
                        "created": 1767225600,
                        "current_period_end": 1769904000,
                        "current_period_start": 1767225600,
                        "discounts": [],
                        "metadata": {},
                        "price": {
                          "id": "%s",
                          "object": "price",
                          "active": true,
                          "billing_scheme": "per_unit",
                          "created": 1767000000,
                          "currency": "eur",
                          "livemode": false,
                          "lookup_key": null,
                          "metadata": {},
                          "nickname": null,
                          "product": "prod_1",
                          "recurring": {"interval": "month", "interval_count": 1, "meter": null,
                                        "usage_type": "licensed"},
                          "tax_behavior": "unspecified",
                          "tiers_mode": null,
                          "transform_quantity": null,
                          "type": "recurring",
                          "unit_amount": 2900,
                          "unit_amount_decimal": "2900"
                        },
                        "quantity": 1,
                        "subscription": "sub_1",
                        "tax_rates": []
                      }
                    ],
                    "has_more": false,
                    "total_count": 1,
                    "url": "/v1/subscription_items?subscription=sub_1"
                  },
                  "latest_invoice": "in_1",
                  "livemode": false,
                  "metadata": {"org_id": "org_1"},
                  "pause_collection": %s,
                  "payment_settings": {"payment_method_options": null, "payment_method_types": null,
                                       "save_default_payment_method": "off"},
                  "pending_setup_intent": null,
                  "pending_update": null,
                  "schedule": %s,
                  "start_date": 1767225600,
                  "status": "%s",
                  "test_clock": null,
                  "trial_end": %s,
                  "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
                  "trial_start": null
                }
                """.formatted(cancelAtPeriodEnd, priceId, pauseCollection, schedule, status, trialEnd);
    }

    private static final String CHECKOUT_SESSION = """
            {
              "id": "cs_test_a1",
              "object": "checkout.session",
              "cancel_url": "https://app.test/billing?cancel",
              "client_reference_id": "org_1",
              "created": 1767225600,
              "currency": "eur",
              "customer": "cus_Q1",
              "expires_at": 1767312000,
              "livemode": false,
              "metadata": {"org_id": "org_1"},
              "mode": "subscription",
              "payment_status": "unpaid",
              "status": "open",
              "subscription": null,
              "success_url": "https://app.test/billing?ok",
              "ui_mode": "hosted",
              "url": "https://checkout.stripe.com/c/pay/cs_test_a1"
            }
            """;

    private static String line(String id, long amount, String description, String priceId, String parent,
                               long start, long end) {
        return """
                {
                  "id": "%s",
                  "object": "line_item",
                  "amount": %d,
                  "currency": "eur",
                  "description": "%s",
                  "discount_amounts": [],
                  "discountable": true,
                  "discounts": [],
                  "invoice": "in_1",
                  "livemode": false,
                  "metadata": {},
                  "parent": %s,
                  "period": {"end": %d, "start": %d},
                  "pretax_credit_amounts": [],
                  "pricing": %s,
                  "quantity": 1,
                  "subtotal": %d,
                  "taxes": []
                }
                """.formatted(id, amount, description, parent, end, start,
                priceId == null ? "null" : """
                        {"price_details": {"price": "%s", "product": "prod_1"}, "type": "price_details",
                         "unit_amount_decimal": "%d"}""".formatted(priceId, Math.abs(amount)), amount);
    }

    private static String subscriptionItemParent(boolean proration, String invoiceItem) {
        return """
                {"type": "subscription_item_details", "invoice_item_details": null,
                 "subscription_item_details": {"invoice_item": %s, "proration": %s,
                   "proration_details": {"credited_items": null}, "subscription": "sub_1",
                   "subscription_item": "si_1"}}""".formatted(invoiceItem == null ? "null" : "\"" + invoiceItem + "\"",
                proration);
    }

    private static final String INVOICE_ITEM_PARENT = """
            {"type": "invoice_item_details", "subscription_item_details": null,
             "invoice_item_details": {"invoice_item": "ii_9", "proration": false,
               "proration_details": {"credited_items": null}, "subscription": "sub_1"}}""";

    private static final String LINE = line("il_1", 2900, "1 × Pro (at €29.00 / month)", "price_pro",
            subscriptionItemParent(false, null), FEB_1, MAR_1);

    private static String invoice(String id, String status, long amountDue, long amountPaid, String hostedUrl,
                                  String lines, long created) {
        String parent = id.equals("in_2") ? "null" : """
                {"type": "subscription_details", "quote_details": null,
                 "subscription_details": {"metadata": {"org_id": "org_1"}, "subscription": "sub_1"}}""";
        return """
                {
                  "id": "%s",
                  "object": "invoice",
                  "account_country": "DE",
                  "amount_due": %d,
                  "amount_overpaid": 0,
                  "amount_paid": %d,
                  "amount_remaining": %d,
                  "attempt_count": 1,
                  "attempted": true,
                  "billing_reason": "subscription_cycle",
                  "collection_method": "charge_automatically",
                  "created": %d,
                  "currency": "eur",
                  "customer": "cus_Q1",
                  "hosted_invoice_url": %s,
                  "lines": {"object": "list", "data": %s, "has_more": false, "total_count": 1,
                            "url": "/v1/invoices/%s/lines"},
                  "livemode": false,
                  "metadata": {},
                  "number": "A1B2C3D4-0002",
                  "parent": %s,
                  "period_end": %d,
                  "period_start": 1767225600,
                  "status": "%s",
                  "subtotal": %d,
                  "total": %d
                }
                """.formatted(id, amountDue, amountPaid, amountDue - amountPaid, created, hostedUrl, lines, id, parent,
                created == FEB_1 ? FEB_1 : JAN_15, status, amountDue, amountDue);
    }

    private static String list(String url, boolean hasMore, String data) {
        return """
                {"object": "list", "data": [%s], "has_more": %s, "url": "%s"}
                """.formatted(data, hasMore, url);
    }

    private static String invoiceList(boolean hasMore) {
        return list("/v1/invoices", hasMore,
                invoice("in_1", "paid", 2900, 2900, "\"https://invoice.stripe.com/i/acct_1/test_in_1\"",
                        "[" + LINE + "]", FEB_1)
                        + "," + invoice("in_2", "open", 500, 0, "null", "[]", JAN_15));
    }

    private static final String PRORATION_PREVIEW = """
            {
              "id": "upcoming_in_1",
              "object": "invoice",
              "amount_due": 1050,
              "amount_paid": 0,
              "amount_remaining": 1050,
              "billing_reason": "subscription_update",
              "created": 1768435200,
              "currency": "eur",
              "customer": "cus_Q1",
              "lines": {"object": "list", "data": [%s, %s], "has_more": false, "total_count": 2,
                        "url": "/v1/invoices/upcoming/lines"},
              "livemode": false,
              "parent": {"type": "subscription_details", "quote_details": null,
                         "subscription_details": {"metadata": {"org_id": "org_1"}, "subscription": "sub_1",
                                                  "subscription_proration_date": 1768435200}},
              "period_end": 1768435200,
              "period_start": 1768435200,
              "status": "draft",
              "subtotal": 1050,
              "total": 1050
            }
            """.formatted(
            line("il_tmp_1", -1500, "Unused time on Pro after 15 Jan 2026", "price_pro",
                    subscriptionItemParent(true, "ii_1"), JAN_15, FEB_1),
            line("il_tmp_2", 2550, "Remaining time on Team after 15 Jan 2026", "price_team",
                    subscriptionItemParent(true, "ii_2"), JAN_15, FEB_1));

    private static final String NEXT_INVOICE_PREVIEW = """
            {
              "id": "upcoming_in_2",
              "object": "invoice",
              "amount_due": 4900,
              "amount_paid": 0,
              "amount_remaining": 4900,
              "billing_reason": "upcoming",
              "created": 1769904000,
              "currency": "eur",
              "customer": "cus_Q1",
              "lines": {"object": "list", "data": [%s, %s], "has_more": false, "total_count": 2,
                        "url": "/v1/invoices/upcoming/lines"},
              "livemode": false,
              "parent": {"type": "subscription_details", "quote_details": null,
                         "subscription_details": {"metadata": {"org_id": "org_1"}, "subscription": "sub_1"}},
              "period_end": 1769904000,
              "period_start": 1767225600,
              "status": "draft",
              "subtotal": 4900,
              "total": 4900
            }
            """.formatted(
            line("il_tmp_3", 4900, "1 × Team (at €49.00 / month)", "price_team",
                    subscriptionItemParent(false, null), FEB_1, MAR_1),
            line("il_tmp_4", 0, "Support hours", null, INVOICE_ITEM_PARENT, FEB_1, MAR_1));

    private static final String SCHEDULE = """
            {
              "id": "sub_sched_1",
              "object": "subscription_schedule",
              "application": null,
              "billing_mode": {"type": "flexible", "flexible": {"proration_discounts": "included"},
                               "updated_at": 1767225600},
              "canceled_at": null,
              "completed_at": null,
              "created": 1768435200,
              "current_phase": {"end_date": 1769904000, "start_date": 1767225600},
              "customer": "cus_Q1",
              "default_settings": {"application_fee_percent": null, "automatic_tax": {"enabled": false,
                                   "liability": null}, "billing_cycle_anchor": "automatic",
                                   "billing_thresholds": null, "collection_method": "charge_automatically",
                                   "default_payment_method": null, "description": null,
                                   "invoice_settings": {"account_tax_ids": null, "days_until_due": null,
                                                        "issuer": {"type": "self"}},
                                   "on_behalf_of": null, "transfer_data": null},
              "end_behavior": "release",
              "livemode": false,
              "metadata": {},
              "phases": [
                {"add_invoice_items": [], "currency": "eur", "discounts": [], "end_date": 1769904000,
                 "items": [{"discounts": [], "metadata": {}, "price": "price_pro", "quantity": 1, "tax_rates": []}],
                 "metadata": {}, "proration_behavior": "create_prorations", "start_date": 1767225600,
                 "trial_end": null},
                {"add_invoice_items": [], "currency": "eur", "discounts": [], "end_date": 1772323200,
                 "items": [{"discounts": [], "metadata": {}, "price": "price_basic", "quantity": 1, "tax_rates": []}],
                 "metadata": {}, "proration_behavior": "create_prorations", "start_date": 1769904000,
                 "trial_end": null}
              ],
              "released_at": null,
              "released_subscription": null,
              "status": "active",
              "subscription": "sub_1",
              "test_clock": null
            }
            """;

    private static final String RELEASED_SCHEDULE = """
            {
              "id": "sub_sched_1",
              "object": "subscription_schedule",
              "canceled_at": null,
              "completed_at": null,
              "created": 1768435200,
              "current_phase": null,
              "customer": "cus_Q1",
              "end_behavior": "release",
              "livemode": false,
              "metadata": {},
              "phases": [],
              "released_at": 1768521600,
              "released_subscription": "sub_1",
              "status": "released",
              "subscription": null,
              "test_clock": null
            }
            """;

    private static final String SETUP_INTENT = """
            {
              "id": "seti_1",
              "object": "setup_intent",
              "application": null,
              "automatic_payment_methods": {"allow_redirects": "always", "enabled": true},
              "cancellation_reason": null,
              "client_secret": "seti_1_secret_abc",
              "created": 1767225600,
              "customer": "cus_Q1",
              "description": null,
              "last_setup_error": null,
              "latest_attempt": null,
              "livemode": false,
              "mandate": null,
              "metadata": {},
              "next_action": null,
              "on_behalf_of": null,
              "payment_method": null,
              "payment_method_types": ["card", "link"],
              "single_use_mandate": null,
              "status": "requires_payment_method",
              "usage": "off_session"
            }
            """;

    private static final String PORTAL_SESSION = """
            {
              "id": "bps_1",
              "object": "billing_portal.session",
              "configuration": "bpc_1",
              "created": 1767225600,
              "customer": "cus_Q1",
              "flow": null,
              "livemode": false,
              "locale": null,
              "on_behalf_of": null,
              "return_url": "https://app.test/billing",
              "url": "https://billing.stripe.com/p/session/test_abc"
            }
            """;

    private static String invoicePayment(String id, String status, String paymentIntent) {
        return """
                {
                  "id": "%s",
                  "object": "invoice_payment",
                  "amount_paid": %s,
                  "amount_requested": 2900,
                  "created": 1769904000,
                  "currency": "eur",
                  "invoice": "in_1",
                  "is_default": %s,
                  "livemode": false,
                  "payment": {"type": "payment_intent", "payment_intent": "%s"},
                  "status": "%s",
                  "status_transitions": {"canceled_at": null, "paid_at": %s}
                }
                """.formatted(id, status.equals("paid") ? "2900" : "null", status.equals("paid"), paymentIntent,
                status, status.equals("paid") ? "1769904060" : "null");
    }

    private static final String REFUND = """
            {
              "id": "re_1",
              "object": "refund",
              "amount": 1450,
              "balance_transaction": "txn_1",
              "charge": "ch_1",
              "created": 1768435200,
              "currency": "eur",
              "destination_details": {"card": {"reference_status": "pending", "reference_type": "acquirer_reference_number",
                                      "type": "refund"}, "type": "card"},
              "metadata": {"invoice_id": "in_1", "reason": "downgrade"},
              "payment_intent": "pi_1",
              "reason": null,
              "receipt_number": null,
              "source_transfer_reversal": null,
              "status": "succeeded",
              "transfer_reversal": null
            }
            """;

    private static final String RESOURCE_MISSING = """
            {
              "error": {
                "type": "invalid_request_error",
                "code": "resource_missing",
                "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                "message": "No such customer: 'cus_x'",
                "param": "customer",
                "request_log_url": "https://dashboard.stripe.com/test/logs/req_abc123"
              }
            }
            """;

    private static final String SERVER_ERROR = """
            {
              "error": {
                "type": "api_error",
                "message": "Something went wrong on Stripe's end."
              }
            }
            """;
}
