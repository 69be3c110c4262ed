package dev.familiar.server.billing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.InvoicePayment;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeError;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceCreatePreviewParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.SubscriptionCancelParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionScheduleCreateParams;
import com.stripe.param.SubscriptionScheduleReleaseParams;
import com.stripe.param.SubscriptionScheduleUpdateParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.common.EmptyParam;
import com.stripe.service.V1Services;
import dev.familiar.server.billing.gateway.BillingCustomer;
import dev.familiar.server.billing.gateway.BillingException;
import dev.familiar.server.billing.gateway.BillingGateway;
import dev.familiar.server.billing.gateway.BillingInvoice;
import dev.familiar.server.billing.gateway.BillingRefund;
import dev.familiar.server.billing.gateway.BillingSubscription;
import dev.familiar.server.billing.gateway.CheckoutSession;
import dev.familiar.server.billing.gateway.InvoicePage;
import dev.familiar.server.billing.gateway.InvoicePreview;
import dev.familiar.server.billing.gateway.PaymentHold;
import dev.familiar.server.observability.Redactor;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link BillingGateway} backed by Stripe, through {@code stripe-java}'s {@link StripeClient} (API version
 * {@code 2026-07-29.dahlia}, the one pinned by the library). The client is built once with its own key and base URL;
 * nothing here touches the static {@code Stripe.apiKey}.
 *
 * <p>Every mutating call sends the caller's idempotency key as {@code Idempotency-Key}. A schedule change makes two
 * calls; they use the key with {@code :create} and {@code :phases} appended. The client retries network failures,
 * 409 and 5xx answers twice (with the same key).
 *
 * <p>Where the dahlia API keeps the fields we read:
 * <ul>
 *   <li>Subscription: item id and price from {@code items.data[0]}; the current period from
 *       {@code items.data[0].current_period_start/current_period_end} (no longer on the subscription);
 *       {@code trial_end}, {@code cancel_at_period_end}, {@code pause_collection} (non-null means paused) and
 *       {@code schedule} (an id) on the subscription.</li>
 *   <li>Invoice: the subscription under {@code parent.subscription_details.subscription}. The period of a
 *       {@link BillingInvoice} is the service period of its lines (earliest {@code lines.data[].period.start},
 *       latest {@code period.end}), which for a subscription invoice is the period paid for; only an invoice without
 *       lines falls back to the invoice's own {@code period_start/period_end} (the period in which its items
 *       accrued, usually the previous one).</li>
 *   <li>Invoice line: the price under {@code pricing.price_details.price}; the proration flag under
 *       {@code parent.subscription_item_details.proration} or {@code parent.invoice_item_details.proration}.</li>
 *   <li>Invoice payment: {@code /v1/invoice_payments?invoice=} lists the payments of an invoice; a paid one carries
 *       {@code payment.payment_intent} (or {@code payment.charge}), which is what a refund needs.</li>
 * </ul>
 *
 * <p>Failures become {@link BillingException} with Stripe's HTTP status (0 when Stripe could not be reached), its
 * error code, and a message naming the operation plus Stripe's own error code and message; never the key, a client
 * secret or a request body.
 */
public final class StripeBillingGateway implements BillingGateway {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_NETWORK_RETRIES = 2;
    private static final String ORG_ID = "org_id";
    private static final int FIND_PAGES = 10;
    private static final int MAX_CAUSE = 300;

    private final StripeClient client;
    private final String apiKey;

    /**
     * @param apiKey  the secret key ({@code sk_live_...}, {@code sk_test_...} or a restricted key)
     * @param apiBase {@code https://api.stripe.com}, or a local stand-in in tests
     */
    public StripeBillingGateway(String apiKey, String apiBase) {
        this(apiKey, apiBase, MAX_NETWORK_RETRIES);
    }

    StripeBillingGateway(String apiKey, String apiBase, int maxNetworkRetries) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.client = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(Objects.requireNonNull(apiBase, "apiBase"))
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setReadTimeout(READ_TIMEOUT_MILLIS)
                .setMaxNetworkRetries(maxNetworkRetries)
                .build();
    }

    @Override
    public String mode() {
        return "stripe";
    }

    @Override
    public BillingCustomer upsertCustomer(String orgId, String orgName, String email, String idempotencyKey) {
        CustomerCreateParams params = CustomerCreateParams.builder()
                .setEmail(email)
                .setName(orgName)
                .putMetadata(ORG_ID, orgId)
                .build();
        var customer = call("create customer", () -> v1().customers().create(params, key(idempotencyKey)));
        return new BillingCustomer(customer.getId(), customer.getEmail());
    }

    @Override
    public BillingSubscription createSubscription(String customerId, String orgId, String priceId, int trialDays,
                                                  String idempotencyKey) {
        SubscriptionCreateParams.Builder params = SubscriptionCreateParams.builder()
                .setCustomer(customerId)
                .addItem(SubscriptionCreateParams.Item.builder().setPrice(priceId).build())
                .putMetadata(ORG_ID, orgId);
        if (trialDays > 0) {
            params.setTrialPeriodDays((long) trialDays);
        }
        return subscription(call("create subscription",
                () -> v1().subscriptions().create(params.build(), key(idempotencyKey))));
    }

    @Override
    public CheckoutSession createCheckoutSession(String customerId, String orgId, String priceId, int trialDays,
                                                 String successUrl, String cancelUrl, String idempotencyKey) {
        var subscriptionData = com.stripe.param.checkout.SessionCreateParams.SubscriptionData.builder()
                .putMetadata(ORG_ID, orgId);
        if (trialDays > 0) {
            subscriptionData.setTrialPeriodDays((long) trialDays);
        }
        var params = com.stripe.param.checkout.SessionCreateParams.builder()
                .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customerId)
                .setClientReferenceId(orgId)
                .addLineItem(com.stripe.param.checkout.SessionCreateParams.LineItem.builder()
                        .setPrice(priceId)
                        .setQuantity(1L)
                        .build())
                .setSubscriptionData(subscriptionData.build())
                .putMetadata(ORG_ID, orgId)
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .build();
        var session = call("create checkout session",
                () -> v1().checkout().sessions().create(params, key(idempotencyKey)));
        return new CheckoutSession(session.getId(), session.getUrl());
    }

    @Override
    public BillingSubscription retrieveSubscription(String subscriptionId) {
        return subscription(call("retrieve subscription", () -> v1().subscriptions().retrieve(subscriptionId)));
    }

    @Override
    public InvoicePreview previewPriceChange(BillingSubscription subscription, String newPriceId, boolean prorate,
                                             Instant at) {
        var params = InvoiceCreatePreviewParams.builder()
                .setCustomer(subscription.customerId())
                .setSubscription(subscription.id())
                .setSubscriptionDetails(InvoiceCreatePreviewParams.SubscriptionDetails.builder()
                        .addItem(InvoiceCreatePreviewParams.SubscriptionDetails.Item.builder()
                                .setId(subscription.itemId())
                                .setPrice(newPriceId)
                                .build())
                        .setProrationBehavior(prorate
                                ? InvoiceCreatePreviewParams.SubscriptionDetails.ProrationBehavior.ALWAYS_INVOICE
                                : InvoiceCreatePreviewParams.SubscriptionDetails.ProrationBehavior.NONE)
                        .setProrationDate(at.getEpochSecond())
                        .build())
                .build();
        Invoice invoice = call("preview invoice", () -> v1().invoices().createPreview(params));
        List<InvoicePreview.Line> lines = lines(invoice).stream()
                .map(line -> new InvoicePreview.Line(line.getDescription(), orZero(line.getAmount()), linePrice(line),
                        isProration(line)))
                .toList();
        long total = invoice.getTotal() != null ? invoice.getTotal() : orZero(invoice.getAmountDue());
        return new InvoicePreview(total, invoice.getCurrency(), lines.stream().anyMatch(InvoicePreview.Line::proration),
                lines);
    }

    @Override
    public BillingSubscription changePriceNow(BillingSubscription subscription, String newPriceId,
                                              String idempotencyKey) {
        var params = SubscriptionUpdateParams.builder()
                .addItem(SubscriptionUpdateParams.Item.builder()
                        .setId(subscription.itemId())
                        .setPrice(newPriceId)
                        .build())
                .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.ALWAYS_INVOICE)
                .build();
        return updateSubscription("change price", subscription.id(), params, idempotencyKey);
    }

    @Override
    public String schedulePriceChange(BillingSubscription subscription, String newPriceId, String idempotencyKey) {
        String scheduleId = subscription.scheduleId().isPresent()
                ? subscription.scheduleId().get()
                : call("create subscription schedule", () -> v1().subscriptionSchedules().create(
                        SubscriptionScheduleCreateParams.builder().setFromSubscription(subscription.id()).build(),
                        key(idempotencyKey + ":create"))).getId();
        // Phase 0 keeps the current price until the period ends; phase 1 starts there on the new price. The last
        // phase has no end: Stripe runs it for one billing interval, then releases the subscription (staying on the
        // new price).
        var params = SubscriptionScheduleUpdateParams.builder()
                .setEndBehavior(SubscriptionScheduleUpdateParams.EndBehavior.RELEASE)
                .addPhase(SubscriptionScheduleUpdateParams.Phase.builder()
                        .addItem(SubscriptionScheduleUpdateParams.Phase.Item.builder()
                                .setPrice(subscription.priceId())
                                .build())
                        .setStartDate(subscription.currentPeriodStart().getEpochSecond())
                        .setEndDate(subscription.currentPeriodEnd().getEpochSecond())
                        .build())
                .addPhase(SubscriptionScheduleUpdateParams.Phase.builder()
                        .addItem(SubscriptionScheduleUpdateParams.Phase.Item.builder()
                                .setPrice(newPriceId)
                                .build())
                        .build())
                .build();
        return call("update subscription schedule", () -> v1().subscriptionSchedules()
                .update(scheduleId, params, key(idempotencyKey + ":phases"))).getId();
    }

    @Override
    public void releaseSchedule(String scheduleId, String idempotencyKey) {
        call("release subscription schedule", () -> v1().subscriptionSchedules().release(scheduleId,
                SubscriptionScheduleReleaseParams.builder().build(), key(idempotencyKey)));
    }

    @Override
    public InvoicePage listInvoices(String customerId, Optional<String> startingAfter, int limit) {
        InvoiceListParams.Builder params = InvoiceListParams.builder()
                .setCustomer(customerId)
                .setLimit((long) limit);
        startingAfter.ifPresent(params::setStartingAfter);
        StripeCollection<Invoice> page = call("list invoices", () -> v1().invoices().list(params.build()));
        List<BillingInvoice> items = page.getData().stream().map(StripeBillingGateway::invoice).toList();
        Optional<String> next = Boolean.TRUE.equals(page.getHasMore()) && !items.isEmpty()
                ? Optional.of(items.get(items.size() - 1).id())
                : Optional.empty();
        return new InvoicePage(items, next);
    }

    @Override
    public String createSetupIntentSecret(String customerId, String idempotencyKey) {
        var params = SetupIntentCreateParams.builder()
                .setCustomer(customerId)
                .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION)
                .setAutomaticPaymentMethods(SetupIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .build())
                .build();
        return call("create setup intent", () -> v1().setupIntents().create(params, key(idempotencyKey)))
                .getClientSecret();
    }

    @Override
    public String createPortalSession(String customerId, String returnUrl) {
        var params = com.stripe.param.billingportal.SessionCreateParams.builder()
                .setCustomer(customerId)
                .setReturnUrl(returnUrl)
                .build();
        return call("create portal session", () -> v1().billingPortal().sessions().create(params)).getUrl();
    }

    @Override
    public BillingSubscription pauseCollection(String subscriptionId, String idempotencyKey) {
        var params = SubscriptionUpdateParams.builder()
                .setPauseCollection(SubscriptionUpdateParams.PauseCollection.builder()
                        .setBehavior(SubscriptionUpdateParams.PauseCollection.Behavior.VOID)
                        .build())
                .build();
        return updateSubscription("pause collection", subscriptionId, params, idempotencyKey);
    }

    @Override
    public BillingSubscription resumeCollection(String subscriptionId, String idempotencyKey) {
        var params = SubscriptionUpdateParams.builder().setPauseCollection(EmptyParam.EMPTY).build();
        return updateSubscription("resume collection", subscriptionId, params, idempotencyKey);
    }

    @Override
    public BillingSubscription setCancelAtPeriodEnd(String subscriptionId, boolean cancel, String idempotencyKey) {
        var params = SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(cancel).build();
        return updateSubscription("set cancel at period end", subscriptionId, params, idempotencyKey);
    }

    @Override
    public BillingSubscription cancelNow(String subscriptionId, String idempotencyKey) {
        var params = SubscriptionCancelParams.builder().setProrate(false).setInvoiceNow(false).build();
        return subscription(call("cancel subscription",
                () -> v1().subscriptions().cancel(subscriptionId, params, key(idempotencyKey))));
    }

    @Override
    public Optional<BillingInvoice> latestPaidInvoice(String subscriptionId) {
        var params = InvoiceListParams.builder()
                .setSubscription(subscriptionId)
                .setStatus(InvoiceListParams.Status.PAID)
                .setLimit(10L)
                .build();
        return call("list paid invoices", () -> v1().invoices().list(params)).getData().stream()
                .filter(invoice -> orZero(invoice.getAmountPaid()) > 0)
                .findFirst()
                .map(StripeBillingGateway::invoice);
    }

    @Override
    public BillingRefund refundInvoice(String invoiceId, long amount, String reason, String idempotencyKey) {
        var payments = call("list invoice payments", () -> v1().invoicePayments()
                .list(InvoicePaymentListParams.builder().setInvoice(invoiceId).build()));
        InvoicePayment.Payment payment = payments.getData().stream()
                .filter(p -> "paid".equals(p.getStatus()) && p.getPayment() != null)
                .map(InvoicePayment::getPayment)
                .filter(p -> p.getPaymentIntent() != null || p.getCharge() != null)
                .findFirst()
                .orElseThrow(() -> new BillingException("invoice " + invoiceId + " has no payment to refund", 409,
                        "no_payment", null));
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setAmount(amount)
                .putMetadata("reason", reason)
                .putMetadata("invoice_id", invoiceId);
        if (payment.getPaymentIntent() != null) {
            params.setPaymentIntent(payment.getPaymentIntent());
        } else {
            params.setCharge(payment.getCharge());
        }
        var refund = call("create refund", () -> v1().refunds().create(params.build(), key(idempotencyKey)));
        return new BillingRefund(refund.getId(), orZero(refund.getAmount()), refund.getCurrency(), refund.getStatus());
    }

    @Override
    public PaymentHold holdPayment(Optional<String> customerId, long amount, String currency, String description,
                                   String idempotencyKey) {
        String customer = customerId.orElseThrow(() -> new BillingException(
                "a payment needs a Stripe customer; this organisation has none", 409, "no_customer", null));
        var found = call("retrieve customer", () -> v1().customers().retrieve(customer));
        String paymentMethod = found.getInvoiceSettings() == null ? null
                : found.getInvoiceSettings().getDefaultPaymentMethod();
        if (paymentMethod == null) {
            throw new BillingException("customer " + customer + " has no default payment method", 409,
                    "no_payment_method", null);
        }
        var params = com.stripe.param.PaymentIntentCreateParams.builder()
                .setAmount(amount)
                .setCurrency(currency)
                .setCustomer(customer)
                .setPaymentMethod(paymentMethod)
                .setCaptureMethod(com.stripe.param.PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setConfirm(true)
                .setOffSession(true)
                .setDescription(description)
                .putMetadata(HOLD_KEY_METADATA, idempotencyKey)
                .build();
        return hold("create payment intent",
                call("create payment intent", () -> v1().paymentIntents().create(params, key(idempotencyKey))));
    }

    @Override
    public PaymentHold retrievePayment(String paymentId) {
        return hold("retrieve payment intent",
                call("retrieve payment intent", () -> v1().paymentIntents().retrieve(paymentId)));
    }

    /**
     * Lists the customer's PaymentIntents created since {@code createdSince} (newest first, up to
     * {@value #FIND_PAGES} pages of 100) and picks the one tagged with the key. A list, not
     * {@code /v1/payment_intents/search}: the list is read-after-write consistent, search lags up to a minute.
     */
    @Override
    public Optional<PaymentHold> findPayment(Optional<String> customerId, String idempotencyKey, Instant createdSince) {
        if (customerId.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> startingAfter = Optional.empty();
        for (int page = 0; page < FIND_PAGES; page++) {
            var params = com.stripe.param.PaymentIntentListParams.builder()
                    .setCustomer(customerId.get())
                    .setCreated(com.stripe.param.PaymentIntentListParams.Created.builder()
                            .setGte(createdSince.getEpochSecond())
                            .build())
                    .setLimit(100L);
            startingAfter.ifPresent(params::setStartingAfter);
            var found = call("list payment intents", () -> v1().paymentIntents().list(params.build()));
            List<com.stripe.model.PaymentIntent> data = found.getData() == null ? List.of() : found.getData();
            for (var intent : data) {
                if (intent.getMetadata() != null && idempotencyKey.equals(intent.getMetadata().get(HOLD_KEY_METADATA))) {
                    return Optional.of(hold("list payment intents", intent));
                }
            }
            if (!Boolean.TRUE.equals(found.getHasMore()) || data.isEmpty()) {
                return Optional.empty();
            }
            startingAfter = Optional.of(data.get(data.size() - 1).getId());
        }
        throw new BillingException("Stripe list payment intents: more than " + FIND_PAGES * 100
                + " payment intents since " + createdSince + "; the hold could not be looked up", 0, "too_many",
                BillingException.Outcome.UNKNOWN, null);
    }

    @Override
    public PaymentHold capturePayment(String paymentId, String idempotencyKey) {
        return hold("capture payment intent", call("capture payment intent", () -> v1().paymentIntents().capture(
                paymentId, com.stripe.param.PaymentIntentCaptureParams.builder().build(), key(idempotencyKey))));
    }

    @Override
    public PaymentHold cancelPayment(String paymentId, String idempotencyKey) {
        return hold("cancel payment intent", call("cancel payment intent", () -> v1().paymentIntents().cancel(
                paymentId, com.stripe.param.PaymentIntentCancelParams.builder().build(), key(idempotencyKey))));
    }

    /** A PaymentIntent without an id or a status is an answer we cannot act on: its outcome is unknown. */
    private static PaymentHold hold(String operation, com.stripe.model.PaymentIntent intent) {
        if (intent == null || intent.getId() == null || intent.getStatus() == null) {
            throw new BillingException("Stripe " + operation + ": the answer has no payment intent id or status", 200,
                    "unexpected_response", BillingException.Outcome.UNKNOWN, null);
        }
        return new PaymentHold(intent.getId(), orZero(intent.getAmount()), intent.getCurrency(), intent.getStatus());
    }

    private V1Services v1() {
        return client.v1();
    }

    private BillingSubscription updateSubscription(String operation, String subscriptionId,
                                                   SubscriptionUpdateParams params, String idempotencyKey) {
        return subscription(call(operation,
                () -> v1().subscriptions().update(subscriptionId, params, key(idempotencyKey))));
    }

    private static RequestOptions key(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }

    private static BillingSubscription subscription(Subscription s) {
        List<SubscriptionItem> items = s.getItems() == null ? List.of() : s.getItems().getData();
        if (items == null || items.isEmpty()) {
            throw new BillingException("Stripe subscription " + s.getId() + " has no items", 0, "unexpected_response",
                    null);
        }
        SubscriptionItem item = items.get(0);
        return new BillingSubscription(s.getId(), s.getCustomer(), s.getStatus(), item.getId(),
                item.getPrice() == null ? null : item.getPrice().getId(),
                epoch(item.getCurrentPeriodStart()), epoch(item.getCurrentPeriodEnd()),
                Optional.ofNullable(s.getTrialEnd()).map(Instant::ofEpochSecond),
                Boolean.TRUE.equals(s.getCancelAtPeriodEnd()), s.getPauseCollection() != null,
                Optional.ofNullable(s.getSchedule()));
    }

    private static BillingInvoice invoice(Invoice invoice) {
        Optional<String> subscriptionId = Optional.ofNullable(invoice.getParent())
                .map(Invoice.Parent::getSubscriptionDetails)
                .map(Invoice.Parent.SubscriptionDetails::getSubscription);
        List<InvoiceLineItem.Period> periods = lines(invoice).stream()
                .map(InvoiceLineItem::getPeriod)
                .filter(p -> p != null && p.getStart() != null && p.getEnd() != null)
                .toList();
        Optional<Instant> periodStart = periods.isEmpty()
                ? Optional.ofNullable(invoice.getPeriodStart()).map(Instant::ofEpochSecond)
                : periods.stream().map(InvoiceLineItem.Period::getStart).min(Long::compare).map(Instant::ofEpochSecond);
        Optional<Instant> periodEnd = periods.isEmpty()
                ? Optional.ofNullable(invoice.getPeriodEnd()).map(Instant::ofEpochSecond)
                : periods.stream().map(InvoiceLineItem.Period::getEnd).max(Long::compare).map(Instant::ofEpochSecond);
        return new BillingInvoice(invoice.getId(), invoice.getCustomer(), subscriptionId, invoice.getStatus(),
                orZero(invoice.getAmountDue()), orZero(invoice.getAmountPaid()), invoice.getCurrency(),
                Optional.ofNullable(invoice.getHostedInvoiceUrl()), epoch(invoice.getCreated()), periodStart,
                periodEnd);
    }

    private static List<InvoiceLineItem> lines(Invoice invoice) {
        if (invoice.getLines() == null || invoice.getLines().getData() == null) {
            return List.of();
        }
        return invoice.getLines().getData();
    }

    private static String linePrice(InvoiceLineItem line) {
        if (line.getPricing() == null || line.getPricing().getPriceDetails() == null) {
            return null;
        }
        return line.getPricing().getPriceDetails().getPrice();
    }

    private static boolean isProration(InvoiceLineItem line) {
        InvoiceLineItem.Parent parent = line.getParent();
        if (parent == null) {
            return false;
        }
        if (parent.getSubscriptionItemDetails() != null
                && Boolean.TRUE.equals(parent.getSubscriptionItemDetails().getProration())) {
            return true;
        }
        return parent.getInvoiceItemDetails() != null
                && Boolean.TRUE.equals(parent.getInvoiceItemDetails().getProration());
    }

    private static Instant epoch(Long seconds) {
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    private <T> T call(String operation, StripeCall<T> call) {
        try {
            return call.call();
        } catch (ApiConnectionException e) {
            throw new BillingException(redact("Stripe " + operation + " failed: could not reach Stripe ("
                    + cause(e) + ")"), 0, null, BillingException.Outcome.UNKNOWN, e);
        } catch (StripeException e) {
            int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
            String requestId = e.getRequestId() == null ? "" : " [request " + e.getRequestId() + "]";
            // Stripe answered and said no (a 4xx with an error object) is a refusal; anything else (no status, a 2xx
            // we could not read, 429, 5xx, or an idempotency key still in use) leaves the outcome unknown.
            BillingException.Outcome outcome = e instanceof com.stripe.exception.IdempotencyException
                    ? BillingException.Outcome.UNKNOWN : BillingException.outcomeOf(status);
            throw new BillingException(redact("Stripe " + operation + " failed: " + describe(e) + requestId), status,
                    e.getCode(), outcome, e);
        } catch (RuntimeException e) {
            // stripe-java lets some answers it cannot read escape unchecked (a JSON error for an odd shape).
            throw new BillingException(redact("Stripe " + operation + ": answer unreadable (" + cause(e) + ")"), 0,
                    "unexpected_response", BillingException.Outcome.UNKNOWN, e);
        }
    }

    /** The exception's class and message (short, secrets masked): what actually went wrong. */
    private String cause(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e.getCause() != null && e.getCause() != e) {
            text += " <- " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
        }
        text = Redactor.redact(redact(text));
        return text.length() > MAX_CAUSE ? text.substring(0, MAX_CAUSE) + "..." : text;
    }

    /** Stripe's error type, code and message: no request body, no headers. */
    private String describe(StripeException e) {
        StripeError error = e.getStripeError();
        if (error == null) {
            return e.getStatusCode() == null ? cause(e) : "HTTP " + e.getStatusCode() + ", " + cause(e);
        }
        StringBuilder text = new StringBuilder();
        text.append(error.getType() == null ? "error" : error.getType());
        if (error.getCode() != null) {
            text.append(" (").append(error.getCode()).append(')');
        }
        if (error.getMessage() != null) {
            text.append(": ").append(error.getMessage());
        }
        return text.toString();
    }

    /** Stripe masks keys in its messages already; this is the belt to those braces. */
    private String redact(String message) {
        return apiKey.isEmpty() ? message : message.replace(apiKey, "[redacted]");
    }
}
