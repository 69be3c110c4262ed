package dev.familiar.admin.webhooks;

import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.billing.WebhookEventView;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook events delivered to a real server as Stripe delivers them (the quota-server's {@code WebhookIntakeTest}
 * does the same): an embedded dry-run server configured with a signing secret, each payload signed
 * {@code t=<unix>,v1=<HMAC-SHA256 of "t.payload">} and posted through {@code client.webhooks().deliverStripeEvent}.
 * An event is made to fail for good with a subscription whose price is not in the catalog: the worker tries it
 * {@code 8} times with backoff, so the test's clock is stepped past every backoff until the event is FAILED; putting
 * the price in the catalog then lets a replay apply it.
 */
public final class InboxFixture {
    public static final String SECRET = "whsec_console_tests_0123456789";
    public static final String MISSING_PRICE = "price_NotInCatalogYet1";

    private final FamiliarServer server;
    private final MutableClock clock;

    /** Over {@code server}, started on {@code clock} (e.g. {@code TestServers.start(config(dir), clock)}). */
    public InboxFixture(FamiliarServer server, MutableClock clock) {
        this.server = server;
        this.clock = clock;
    }

    /**
     * A client of the platform's first administrator with a session issued now: the clock is stepped by the hour
     * while events fail, so a session taken before would have expired.
     */
    public FamiliarClient admin() {
        return FamiliarClient.connect(server.baseUrl(), "Bearer " + server.inProcessAdminSession().orElseThrow().token());
    }

    public MutableClock clock() {
        return clock;
    }

    /** The embedded server's configuration with the signing secret: webhooks are accepted when signed with it. */
    public static ServerConfig config(Path dataDir) {
        return ServerConfig.embedded(dataDir).withBilling(BillingSettings.dryRun().withWebhookSecrets(List.of(SECRET)));
    }

    /** Delivers a signed event of {@code type} about {@code objectJson}; answers its id. */
    public String deliver(String id, String type, String objectJson) {
        String payload = "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\","
                + "\"created\":" + clock.instant().getEpochSecond() + ",\"type\":\"" + type + "\",\"livemode\":false,"
                + "\"data\":{\"object\":" + objectJson + "}}";
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        try (FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            anonymous.webhooks().deliverStripeEvent(bytes, signature(clock.instant().getEpochSecond(), payload));
        }
        return id;
    }

    /** An update of a subscription of {@code orgId} to {@code priceId}: FAILED until the price is in the catalog. */
    public String deliverSubscriptionUpdate(String id, String orgId, String subscriptionId, String priceId) {
        long now = clock.instant().getEpochSecond();
        return deliver(id, "customer.subscription.updated", "{\"id\":\"" + subscriptionId + "\",\"object\":"
                + "\"subscription\",\"customer\":\"cus_" + subscriptionId + "\",\"status\":\"active\",\"metadata\":"
                + "{\"org_id\":\"" + orgId + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_"
                + subscriptionId + "\",\"price\":{\"id\":\"" + priceId + "\"},\"current_period_start\":" + now
                + ",\"current_period_end\":" + (now + 2_592_000) + "}]}}");
    }

    /** Waits (stepping the clock past each backoff) until {@code id} is FAILED for good. */
    public WebhookEventView awaitFailed(String id) throws InterruptedException {
        return await(id, e -> "FAILED".equals(e.status()), true);
    }

    /** Waits until the worker has worked {@code id} (any status but PENDING). */
    public WebhookEventView awaitWorked(String id) throws InterruptedException {
        return await(id, e -> !"PENDING".equals(e.status()), false);
    }

    private WebhookEventView await(String id, Predicate<WebhookEventView> done, boolean stepClock)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            WebhookEventView event;
            try (FamiliarClient admin = admin()) {
                event = admin.webhooks().event(id).event();
            }
            if (done.test(event)) {
                return event;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("waited for " + id + ", still " + event.status());
            }
            if (stepClock) {
                clock.advance(Duration.ofMinutes(6)); // past every backoff
            }
            Thread.sleep(100);
        }
    }

    /** Puts {@link #MISSING_PRICE} in the catalog (as the plan "scale"): the failed update can now be applied. */
    public void addTheMissingPrice() {
        try (FamiliarClient admin = admin()) {
            admin.catalog().put("scale", new CatalogPlan("scale", "Scale", MISSING_PRICE, "usd", 9900L, "month", 0, 3,
                    Map.of("api_call", 250_000L), null, null, null));
        }
    }

    public String signature(long timestamp, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
