package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-up when cards are collected first: the answer carries the Checkout Session URL; the dry-run buyer completes
 * it at once, and {@code checkout.session.completed} plus the subscription events link the organisation.
 * Sign-ups per address are limited.
 */
@Tag("storage")
class CheckoutSignupTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir)
                .withBilling(BillingSettings.dryRun().withCollectCardFirst(true)));
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void signUpAnswersTheCheckoutUrlAndTheCompletedCheckoutLinksTheSubscription() {
        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Card Co\",\"email\":\"pay@card.example\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        String orgId = signup.json().at("/data/orgId").asText();
        assertThat(signup.json().at("/data/checkoutUrl").asText()).startsWith("https://checkout.dry-run.invalid/");
        Eventually.until("checkout and subscription events are applied", () -> {
            JsonNode state = HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, identity.admin().bearer())
                    .json().path("data");
            return state.path("subscriptionId").asText().startsWith("sub_")
                    && state.path("subscriptionStatus").asText().equals("trialing");
        });
        JsonNode events = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/events", identity.admin().bearer())
                .json().path("data");
        assertThat(events.findValuesAsText("type")).contains("checkout.session.completed");
        Answer again = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Card Co\",\"email\":\"pay@card.example\"}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void tooManySignUpsFromOneAddressAre429WithRetryAfter(@TempDir Path otherDir) {
        FamiliarServer limited = TestServers.start(TestServers.config(otherDir)
                .withBilling(BillingSettings.dryRun().withSignupsPerMinute(3)));
        Answer last = null;
        try {
            for (int i = 0; i < 10; i++) { // enough to pass 3 in one minute even across a minute boundary
                last = HttpCalls.post(limited.baseUrl() + "/api/signup",
                        "{\"orgName\":\"Spam " + i + "\",\"email\":\"spam" + i + "@spam.example\"}");
                if (last.status() == 429) {
                    break;
                }
            }
        } finally {
            limited.stop();
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.json().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 60);
    }
}
