package dev.familiar.server.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.customers.CustomerDetail;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In Stripe mode, with Stripe a local stand-in that fails the invoice list: the customer's detail page is still
 * answered, with the invoices left out and a field saying why.
 */
@Tag("storage")
class CustomerDetailProviderFailureTest {
    @TempDir
    static Path tempDir;
    static MockWebServer stripe;
    static FamiliarServer server;
    static Identity identity;
    static final AtomicInteger invoiceCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        stripe = new MockWebServer();
        stripe.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                long now = System.currentTimeMillis() / 1000;
                if (path.equals("/v1/customers")) {
                    return json(200, "{\"id\":\"cus_F1\",\"object\":\"customer\",\"created\":" + now
                            + ",\"livemode\":false,\"metadata\":{}}");
                }
                if (path.equals("/v1/subscriptions")) {
                    long trialEnd = now + 14 * 86_400;
                    return json(200, "{\"id\":\"sub_F1\",\"object\":\"subscription\",\"customer\":\"cus_F1\",\"status\":\"trialing\","
                            + "\"cancel_at_period_end\":false,\"pause_collection\":null,\"schedule\":null,\"created\":" + now
                            + ",\"trial_start\":" + now + ",\"trial_end\":" + trialEnd + ",\"livemode\":false,\"metadata\":{},"
                            + "\"items\":{\"object\":\"list\",\"has_more\":false,\"url\":\"/v1/subscription_items\",\"data\":[{"
                            + "\"id\":\"si_F1\",\"object\":\"subscription_item\",\"quantity\":1,\"subscription\":\"sub_F1\","
                            + "\"current_period_start\":" + now + ",\"current_period_end\":" + trialEnd + ","
                            + "\"price\":{\"id\":\"price_1StarterF\",\"object\":\"price\",\"active\":true,"
                            + "\"currency\":\"usd\",\"unit_amount\":900,\"type\":\"recurring\","
                            + "\"recurring\":{\"interval\":\"month\",\"interval_count\":1}}}]}}");
                }
                if (path.equals("/v1/invoices")) {
                    invoiceCalls.incrementAndGet();
                    return json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong\"}}");
                }
                return json(404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized request URL\"}}");
            }
        });
        stripe.start();
        String base = stripe.url("/").toString().replaceAll("/$", "");
        server = TestServers.start(TestServers.config(tempDir).withBilling(new BillingSettings(BillingSettings.Mode.STRIPE,
                Optional.of("sk_test_fake0123456789"), base, List.of(), false, "http://localhost/return", 100)));
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        stripe.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void aFailingInvoiceListLeavesTheInvoicesOutButAnswersTheRest() {
        try (FamiliarClient admin = FamiliarClient.connect(server.baseUrl()).withBearer(identity.admin().token())) {
            admin.catalog().put("starter", CatalogPlan.of("Starter", "price_1StarterF", "usd", 900, "month", 14, 1,
                    Map.of("api_call", 1000L)));
            Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Flaky\",\"email\":\"ops@flaky.test\"}");
            assertThat(signup.status()).as(signup.body()).isEqualTo(200);
            String orgId = signup.json().at("/data/orgId").asText();

            CustomerDetail detail = admin.customers().get(orgId);
            assertThat(invoiceCalls.get()).as("the provider was asked").isPositive();
            assertThat(detail.invoices()).isNull();
            assertThat(detail.invoicesError()).contains("payment provider").doesNotContain("sk_test_");
            assertThat(detail.name()).isEqualTo("Flaky");
            assertThat(detail.entitlement().planCode()).isEqualTo("starter");
            assertThat(detail.billing().billingMode()).isEqualTo("stripe");
            assertThat(detail.billing().subscriptionId()).isEqualTo("sub_F1");
        }
    }
}
