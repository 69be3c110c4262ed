package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.billing.BillingState;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle actions decide on the provider's subscription, not on our copy of it: the webhook worker may be
 * writing an older event over our copy at that very instant (events of the same second cannot be ordered), which made
 * an "undo discontinue" a silent no-op under load (seen in the PostgreSQL pass of BillingDryRunFlowTest). Here our
 * copy is made stale on purpose, as such an event would leave it.
 */
@Tag("storage")
class LifecycleDecidesOnTheProviderTest {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(START);
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static FamiliarClient admin() {
        return FamiliarClient.connect(server.baseUrl()).withBearer(identity.admin().token());
    }

    static void staleCopy(String orgId, boolean cancelAtPeriodEnd) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE billing_account SET cancel_at_period_end = ? WHERE tenant_id = ?")) {
            ps.setBoolean(1, cancelAtPeriodEnd);
            ps.setString(2, orgId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void anUndoOfDiscontinueReachesTheProviderEvenWhenOurCopyIsBehind() throws Exception {
        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup",
                "{\"orgName\":\"Stale Copy Co\",\"email\":\"ops@stale.example\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        String orgId = signup.json().at("/data/orgId").asText();
        try (FamiliarClient admin = admin()) {
            Eventually.until("the sign-up is applied",
                    () -> "trialing".equals(admin.billing().state(orgId).subscriptionStatus()));
            assertThat(admin.billing().discontinue(orgId).cancelAtPeriodEnd()).isTrue();
            Eventually.until("the discontinue is applied", () -> admin.billing().state(orgId).cancelAtPeriodEnd());

            staleCopy(orgId, false); // an older event written over our copy: the provider still cancels at period end
            BillingState undone = admin.billing().undoDiscontinue(orgId);
            assertThat(undone.cancelAtPeriodEnd()).as("the provider's answer").isFalse();

        }
        // Had the undo not reached the provider, the renewal at the trial's end would cancel the subscription.
        clock.advance(Duration.ofDays(14));
        try (FamiliarClient admin = admin()) { // a token of the new present
            admin.billing().renew(orgId);
            Eventually.until("the renewal is applied", () -> "active".equals(admin.billing().state(orgId).status()));
            BillingState after = admin.billing().state(orgId);
            assertThat(after.status()).isEqualTo("active");
            assertThat(after.cancelAtPeriodEnd()).isFalse();

            // The other way round: our copy says "discontinued" while the provider does not; discontinue must act.
            staleCopy(orgId, true);
            assertThat(admin.billing().discontinue(orgId).cancelAtPeriodEnd()).isTrue();
            Eventually.until("the discontinue is applied", () -> admin.billing().state(orgId).cancelAtPeriodEnd());
        }
        clock.advance(Duration.ofDays(31));
        try (FamiliarClient admin = admin()) {
            admin.billing().renew(orgId);
            Eventually.until("the period's end cancels it", () -> "canceled".equals(admin.billing().state(orgId).status()));
        }
    }
}
