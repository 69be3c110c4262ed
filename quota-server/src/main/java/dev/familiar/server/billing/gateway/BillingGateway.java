package dev.familiar.server.billing.gateway;

import java.time.Instant;
import java.util.Optional;

/**
 * The payment provider, as this server uses it. One real adapter talks to Stripe; the dry-run adapter keeps the
 * same objects locally and emits the same webhook events, so every flow works offline.
 *
 * <p>Every mutating call takes an idempotency key derived from our own ids: repeating a call with the same key
 * never creates a second object or a second charge. Failures of the provider surface as {@link BillingException}.
 */
public interface BillingGateway {
    /** The metadata key under which a held payment carries the idempotency key that created it. */
    String HOLD_KEY_METADATA = "familiar_hold_key";

    /** {@code stripe} or {@code dry-run}: shown in readiness, logs and the console. */
    String mode();

    /** Creates (or, for a repeated key, returns) the customer of an organisation, tagged with {@code org_id}. */
    BillingCustomer upsertCustomer(String orgId, String orgName, String email, String idempotencyKey);

    /** A subscription on one price, trialing for {@code trialDays} when above zero, tagged with {@code org_id}. */
    BillingSubscription createSubscription(String customerId, String orgId, String priceId, int trialDays,
                                           String idempotencyKey);

    /** A Checkout Session in subscription mode that collects a card first; returns the URL to send the buyer to. */
    CheckoutSession createCheckoutSession(String customerId, String orgId, String priceId, int trialDays,
                                          String successUrl, String cancelUrl, String idempotencyKey);

    BillingSubscription retrieveSubscription(String subscriptionId);

    /**
     * What the next invoice would hold if the subscription moved to {@code newPriceId} at {@code at}; writes nothing.
     * With {@code prorate} false the preview has no proration lines.
     */
    InvoicePreview previewPriceChange(BillingSubscription subscription, String newPriceId, boolean prorate, Instant at);

    /** Moves the subscription to {@code newPriceId} now, invoicing the proration immediately. */
    BillingSubscription changePriceNow(BillingSubscription subscription, String newPriceId, String idempotencyKey);

    /**
     * Schedules the move to {@code newPriceId} at the end of the current period. When the subscription already has
     * a schedule it is rewritten. Returns the schedule id.
     */
    String schedulePriceChange(BillingSubscription subscription, String newPriceId, String idempotencyKey);

    /** Withdraws a scheduled change: the subscription keeps its current price. */
    void releaseSchedule(String scheduleId, String idempotencyKey);

    /** Invoices of a customer, newest first; {@code startingAfter} is the last id of the previous page. */
    InvoicePage listInvoices(String customerId, Optional<String> startingAfter, int limit);

    /** A SetupIntent to save a card for the customer; the answer carries its client secret. */
    String createSetupIntentSecret(String customerId, String idempotencyKey);

    /** A Customer Portal session; returns its URL. */
    String createPortalSession(String customerId, String returnUrl);

    /** Stops collecting payment (invoices are voided) until resumed. */
    BillingSubscription pauseCollection(String subscriptionId, String idempotencyKey);

    BillingSubscription resumeCollection(String subscriptionId, String idempotencyKey);

    /** Sets or clears cancellation at the end of the current period. */
    BillingSubscription setCancelAtPeriodEnd(String subscriptionId, boolean cancel, String idempotencyKey);

    /** Cancels now, without the provider's own proration (we refund explicitly). */
    BillingSubscription cancelNow(String subscriptionId, String idempotencyKey);

    /** The newest paid invoice of a subscription that charged money, if any. */
    Optional<BillingInvoice> latestPaidInvoice(String subscriptionId);

    /** Refunds {@code amount} (minor units) of the payment that paid {@code invoiceId}. */
    BillingRefund refundInvoice(String invoiceId, long amount, String reason, String idempotencyKey);

    /**
     * Authorises {@code amount} (minor units) on the customer's default payment method and holds it without capture
     * (a token purchase's first step). {@code customerId} may be empty only in dry-run. The payment carries the key
     * in its metadata ({@value #HOLD_KEY_METADATA}) so that {@link #findPayment} can find it.
     */
    PaymentHold holdPayment(Optional<String> customerId, long amount, String currency, String description,
                            String idempotencyKey);

    /**
     * The payment as the provider has it now (its {@code status}: {@code requires_capture} while held,
     * {@code succeeded} once captured, {@code canceled}, {@code requires_payment_method}, ...).
     */
    PaymentHold retrievePayment(String paymentId);

    /**
     * The payment that {@link #holdPayment} created with {@code idempotencyKey} (tagged with it in its metadata), if
     * any, among the customer's payments created since {@code createdSince}: how a caller that got no readable answer
     * finds out whether the hold exists.
     */
    Optional<PaymentHold> findPayment(Optional<String> customerId, String idempotencyKey, Instant createdSince);

    /** Takes the held money. */
    PaymentHold capturePayment(String paymentId, String idempotencyKey);

    /** Releases a hold that was not captured (the payment is voided). */
    PaymentHold cancelPayment(String paymentId, String idempotencyKey);
}
