package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.billing.BillingState;
import dev.familiar.model.billing.CancelPreview;
import dev.familiar.model.billing.DowngradeScheduled;
import dev.familiar.model.billing.PlanPreview;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.customers.CustomerDetail;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ADMIN, who is no member of the organisation, previews, upgrades, schedules and withdraws a downgrade and reads
 * the invoices of any organisation, over the typed client; and "cancel now" can be previewed without doing
 * anything, then refunds exactly what the preview said.
 */
@Tag("storage")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminActsForAnyOrganisationTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
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

    /** A client of the platform admin with a token of the clock's present. */
    static FamiliarClient admin() {
        return FamiliarClient.connect(server.baseUrl()).withBearer(identity.admin().token());
    }

    /** Signs up, lets the 14-day trial end and renews: the first period (900) is paid. */
    static String paidOrganisation(String name, String email) {
        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"" + name + "\",\"email\":\"" + email + "\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        String orgId = signup.json().at("/data/orgId").asText();
        clock.advance(Duration.ofDays(14));
        try (FamiliarClient admin = admin()) {
            Eventually.until("the sign-up is applied", () -> "trialing".equals(admin.billing().state(orgId).subscriptionStatus()));
            // every event of the sign-up applied first: one still queued would be applied after the renewal
            Eventually.until("the sign-up's events are applied", () -> pendingWebhookEvents() == 0);
            admin.billing().renew(orgId);
            Eventually.until("the renewal is applied", () -> "active".equals(admin.billing().state(orgId).status())
                    && pendingWebhookEvents() == 0);
        }
        return orgId;
    }

    static int pendingWebhookEvents() {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_event WHERE status = 'PENDING'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int auditCount(String orgId, String action) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE tenant_id = ? AND action = ?")) {
            ps.setString(1, orgId);
            ps.setString(2, action);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    @Order(1)
    void cancelNowRefundsExactlyWhatItsPreviewSaid() throws Exception {
        String orgId = paidOrganisation("Refund Co", "ops@refund.example"); // paid 2026-01-15 … 2026-02-15
        clock.advance(Duration.ofDays(10)); // 2026-01-25: 21 of 31 days left
        try (FamiliarClient admin = admin()) {
            BillingState before = admin.billing().state(orgId);
            CancelPreview preview = admin.billing().cancelPreview(orgId);
            assertThat(preview.amount()).isEqualTo(610); // 900 × 21 / 31 = 609.68
            assertThat(preview.currency()).isEqualTo("usd");
            assertThat(preview.formula()).contains("900 × 21 / 31 = 610");
            assertThat(preview.periodStart()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
            assertThat(preview.periodEnd()).isEqualTo(Instant.parse("2026-02-15T00:00:00Z"));
            assertThat(preview.alreadyRefunded()).isFalse();
            assertThat(admin.billing().cancelPreview(orgId)).as("a repeat answers the same").isEqualTo(preview);
            Answer raw = HttpCalls.post(server.baseUrl() + "/api/admin/billing/" + orgId + "/cancel?preview=true", "",
                    identity.admin().bearer());
            GoldenFiles.assertMatches("billing-cancel-preview-200", raw.status(), raw.body()
                    .replace(preview.subscriptionId(), "<subscription>").replace(preview.invoiceId(), "<invoice>"));

            assertThat(admin.billing().state(orgId)).as("the preview changed nothing").isEqualTo(before);
            assertThat(auditCount(orgId, "billing.subscription.cancel_now")).isZero();

            BillingState canceled = admin.billing().cancel(orgId);
            assertThat(canceled.status()).isEqualTo("canceled");
            assertThat(canceled.refunds()).hasSize(1);
            assertThat(canceled.refunds().get(0).amount()).isEqualTo(preview.amount());
            assertThat(canceled.refunds().get(0).formula()).isEqualTo(preview.formula());
            assertThat(canceled.refunds().get(0).invoiceId()).isEqualTo(preview.invoiceId());
            assertThat(auditCount(orgId, "billing.subscription.cancel_now")).isEqualTo(1);

            CancelPreview after = admin.billing().cancelPreview(orgId);
            assertThat(after.alreadyRefunded()).isTrue();
            assertThat(after.amount()).isZero();
        }
    }

    @Test
    @Order(2)
    void theAdminChangesThePlanOfAnOrganisationItIsNoMemberOf() {
        String orgId = paidOrganisation("Other Co", "ops@other.example");
        try (FamiliarClient admin = admin()) {
            PlanPreview preview = admin.billing().preview(orgId, "pro");
            assertThat(preview.amount()).isPositive();
            assertThat(admin.billing().upgrade(orgId, "pro").planCode()).isEqualTo("pro");
            assertThat(admin.customers().get(orgId).entitlement().planCode()).isEqualTo("pro");

            DowngradeScheduled scheduled = admin.billing().downgrade(orgId, "starter");
            assertThat(scheduled.newPlanCode()).isEqualTo("starter");
            CustomerDetail detail = admin.customers().get(orgId);
            assertThat(detail.scheduledChange().planCode()).isEqualTo("starter");
            assertThat(detail.scheduledChange().effectiveAt()).isEqualTo(scheduled.effectiveAt());
            assertThat(admin.billing().withdrawDowngrade(orgId)).isTrue();
            assertThat(admin.customers().get(orgId).scheduledChange()).isNull();
            ApiError none = catchThrowableOfType(() -> admin.billing().withdrawDowngrade(orgId), ApiError.class);
            assertThat(none.status()).isEqualTo(404);

            assertThat(admin.billing().invoices(orgId, null, 100).items()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(admin.billing().setup(orgId).clientSecret()).startsWith("seti_");
            assertThat(admin.billing().portal(orgId).url()).startsWith("https://");
            assertThat(admin.billing().discontinue(orgId).cancelAtPeriodEnd()).isTrue();
            assertThat(admin.billing().undoDiscontinue(orgId).cancelAtPeriodEnd()).isFalse();
            assertThat(admin.billing().pause(orgId).paused()).isTrue();
            assertThat(admin.billing().resume(orgId).paused()).isFalse();
        }
    }

    @Test
    @Order(3)
    void aTenantAdminStillActsOnlyForItsOwnOrganisation() throws Exception {
        String mine = paidOrganisation("Mine Co", "ops@mine.example");
        String theirs = paidOrganisation("Theirs Co", "ops@theirs.example");
        var owner = identity.userInTenant("mine-owner", mine, Role.TENANT_ADMIN);
        try (FamiliarClient client = FamiliarClient.connect(server.baseUrl()).withBearer(owner.token())) {
            assertThat(client.billing().preview(mine, "pro").amount()).isPositive();
            assertThat(catchThrowableOfType(() -> client.billing().preview(theirs, "pro"), ApiError.class).status())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(() -> client.billing().upgrade(theirs, "pro"), ApiError.class).status())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(() -> client.billing().invoices(theirs, null, null), ApiError.class).status())
                    .isEqualTo(403);
            assertThat(catchThrowableOfType(() -> client.billing().cancelPreview(mine), ApiError.class).status())
                    .isEqualTo(403);
        }
    }

    @Test
    @Order(4)
    void aBadPreviewFlagIs400AndCancelsNothing() {
        String orgId = paidOrganisation("Flag Co", "ops@flag.example");
        Answer bad = HttpCalls.post(server.baseUrl() + "/api/admin/billing/" + orgId + "/cancel?preview=yes", "",
                identity.admin().bearer());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/fields").has("preview")).isTrue();
        try (FamiliarClient admin = admin()) {
            assertThat(admin.billing().state(orgId).status()).isEqualTo("active");
        }
    }
}
