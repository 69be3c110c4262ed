package dev.familiar.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.HealthReport.ComponentHealth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingModeTest {

    @Test
    void dryRunReadsAsAWarningThatNoPaymentsAreTaken() {
        BillingMode billing = BillingMode.of(reportWithBilling("dry-run: no payments are taken and Stripe is not called"));

        assertThat(billing.state()).isEqualTo(BillingMode.State.DRY_RUN);
        assertThat(billing.text()).isEqualTo("Billing: DRY-RUN — no payments are taken");
        assertThat(billing.warning()).isTrue();
        assertThat(billing.known()).isTrue();
        assertThat(billing.detail()).isEqualTo("dry-run: no payments are taken and Stripe is not called");
    }

    @Test
    void stripeReadsStripeWithoutAWarning() {
        BillingMode billing = BillingMode.of(reportWithBilling("stripe"));

        assertThat(billing.state()).isEqualTo(BillingMode.State.STRIPE);
        assertThat(billing.text()).isEqualTo("Billing: Stripe");
        assertThat(billing.warning()).isFalse();
        assertThat(billing.known()).isTrue();
    }

    @Test
    void serverWithoutABillingCheckLeavesItUnknown() {
        BillingMode billing = BillingMode.of(new HealthReport("UP", "familiar-quota-server", "0.1.0",
                Map.of("database", new ComponentHealth("UP", "h2"))));

        assertThat(billing).isEqualTo(BillingMode.UNKNOWN);
        assertThat(billing.text()).isEqualTo("Billing: unknown");
        assertThat(billing.known()).isFalse();
        assertThat(billing.warning()).isFalse();
    }

    @Test
    void reportWithoutChecksLeavesItUnknown() {
        assertThat(BillingMode.of(new HealthReport("UP", "familiar-quota-server", "0.1.0", null)))
                .isEqualTo(BillingMode.UNKNOWN);
    }

    @Test
    void modeTheConsoleDoesNotKnowIsShownAsTheServerNamesIt() {
        BillingMode billing = BillingMode.of(reportWithBilling("invoice-only"));

        assertThat(billing.state()).isEqualTo(BillingMode.State.OTHER);
        assertThat(billing.text()).isEqualTo("Billing: invoice-only");
        assertThat(billing.warning()).isFalse();
    }

    private static HealthReport reportWithBilling(String detail) {
        return new HealthReport("UP", "familiar-quota-server", "0.1.0", Map.of(
                "database", new ComponentHealth("UP", "h2"),
                "billing", new ComponentHealth("UP", detail)));
    }
}
