package dev.familiar.server.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How billing reaches the payment provider.
 *
 * @param mode             {@link Mode#STRIPE} calls Stripe; {@link Mode#DRY_RUN} keeps customers, subscriptions and
 *                         invoices locally and takes no payment (the default when no API key is configured)
 * @param stripeApiKey     the secret key ({@code sk_test_…} or {@code sk_live_…}); required in Stripe mode
 * @param stripeApiBase    where Stripe's API lives; tests point it at a local server
 * @param webhookSecrets   the signing secrets ({@code whsec_…}) accepted for webhooks, several during a rotation
 * @param collectCardFirst sign-up returns a Checkout Session URL instead of starting the trial subscription directly
 * @param returnUrl        where the Customer Portal and Checkout send the customer back to
 * @param signupsPerMinute sign-ups accepted per client address and minute
 * @param allowUnsignedWebhooks a development switch: in dry-run without a signing secret, webhooks without a signature
 *                         are accepted (loudly logged). Off by default: then such a server refuses every webhook
 */
public record BillingSettings(Mode mode, Optional<String> stripeApiKey, String stripeApiBase, List<String> webhookSecrets,
                              boolean collectCardFirst, String returnUrl, int signupsPerMinute,
                              boolean allowUnsignedWebhooks) {
    public enum Mode {
        STRIPE("stripe"), DRY_RUN("dry-run");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public static final String DEFAULT_API_BASE = "https://api.stripe.com";
    public static final String DEFAULT_RETURN_URL = "http://localhost:8080/";
    public static final int DEFAULT_SIGNUPS_PER_MINUTE = 10;

    public BillingSettings {
        Objects.requireNonNull(mode, "mode");
        stripeApiKey = stripeApiKey == null ? Optional.empty() : stripeApiKey;
        stripeApiBase = stripeApiBase == null ? DEFAULT_API_BASE : stripeApiBase;
        webhookSecrets = webhookSecrets == null ? List.of() : List.copyOf(webhookSecrets);
        returnUrl = returnUrl == null ? DEFAULT_RETURN_URL : returnUrl;
        signupsPerMinute = signupsPerMinute <= 0 ? DEFAULT_SIGNUPS_PER_MINUTE : signupsPerMinute;
        if (mode == Mode.STRIPE && stripeApiKey.isEmpty()) {
            throw new IllegalArgumentException("Stripe mode needs an API key");
        }
        if (allowUnsignedWebhooks && (mode == Mode.STRIPE || !webhookSecrets.isEmpty())) {
            throw new IllegalArgumentException("unsigned webhooks can only be allowed in dry-run without a signing secret");
        }
    }

    /** Without the development switch for unsigned webhooks. */
    public BillingSettings(Mode mode, Optional<String> stripeApiKey, String stripeApiBase, List<String> webhookSecrets,
                           boolean collectCardFirst, String returnUrl, int signupsPerMinute) {
        this(mode, stripeApiKey, stripeApiBase, webhookSecrets, collectCardFirst, returnUrl, signupsPerMinute, false);
    }

    /** Dry-run, no webhook secret: webhooks are refused (the dry-run provider feeds its own events to the inbox). */
    public static BillingSettings dryRun() {
        return new BillingSettings(Mode.DRY_RUN, Optional.empty(), DEFAULT_API_BASE, List.of(), false,
                DEFAULT_RETURN_URL, DEFAULT_SIGNUPS_PER_MINUTE, false);
    }

    /** Whether {@code POST /api/webhooks/stripe} stores events that carry no verifiable signature. */
    public boolean acceptsUnsignedWebhooks() {
        return allowUnsignedWebhooks && webhookSecrets.isEmpty() && mode == Mode.DRY_RUN;
    }

    public BillingSettings withWebhookSecrets(List<String> secrets) {
        return new BillingSettings(mode, stripeApiKey, stripeApiBase, secrets, collectCardFirst, returnUrl, signupsPerMinute,
                allowUnsignedWebhooks);
    }

    public BillingSettings withCollectCardFirst(boolean collect) {
        return new BillingSettings(mode, stripeApiKey, stripeApiBase, webhookSecrets, collect, returnUrl, signupsPerMinute,
                allowUnsignedWebhooks);
    }

    public BillingSettings withSignupsPerMinute(int perMinute) {
        return new BillingSettings(mode, stripeApiKey, stripeApiBase, webhookSecrets, collectCardFirst, returnUrl, perMinute,
                allowUnsignedWebhooks);
    }

    /** The development switch {@code FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED}: dry-run without a signing secret only. */
    public BillingSettings withUnsignedWebhooksAllowed(boolean allow) {
        return new BillingSettings(mode, stripeApiKey, stripeApiBase, webhookSecrets, collectCardFirst, returnUrl,
                signupsPerMinute, allow);
    }

    /** Never prints keys or secrets. */
    @Override
    public String toString() {
        return "BillingSettings[mode=" + mode.wireName() + ", apiBase=" + stripeApiBase + ", apiKey="
                + (stripeApiKey.isPresent() ? "set" : "none") + ", webhookSecrets=" + webhookSecrets.size()
                + ", collectCardFirst=" + collectCardFirst + ", unsignedWebhooks=" + (allowUnsignedWebhooks ? "ALLOWED" : "refused")
                + "]";
    }
}
