package dev.familiar.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingConfigTest {
    static final Path HOME = Path.of("/home/someone");

    @Test
    void withoutAKeyBillingIsDryRun() {
        BillingSettings billing = ConfigLoader.load(Map.of(), HOME).billing();
        assertThat(billing.mode()).isEqualTo(BillingSettings.Mode.DRY_RUN);
        assertThat(billing.webhookSecrets()).isEmpty();
        assertThat(billing.stripeApiBase()).isEqualTo("https://api.stripe.com");
    }

    @Test
    void aKeyMeansStripeAndSecretsMayBeSeveral() {
        BillingSettings billing = ConfigLoader.load(Map.of(
                "FAMILIAR_STRIPE_API_KEY", "sk_test_abc123",
                "FAMILIAR_STRIPE_API_BASE", "http://127.0.0.1:12111/",
                "FAMILIAR_STRIPE_WEBHOOK_SECRET", "whsec_new0123456, whsec_old0123456",
                "FAMILIAR_BILLING_COLLECT_CARD_FIRST", "true",
                "FAMILIAR_BILLING_RETURN_URL", "https://app.example.com/billing",
                "FAMILIAR_SIGNUPS_PER_MINUTE", "3"), HOME).billing();
        assertThat(billing.mode()).isEqualTo(BillingSettings.Mode.STRIPE);
        assertThat(billing.stripeApiBase()).isEqualTo("http://127.0.0.1:12111");
        assertThat(billing.webhookSecrets()).containsExactly("whsec_new0123456", "whsec_old0123456");
        assertThat(billing.collectCardFirst()).isTrue();
        assertThat(billing.returnUrl()).isEqualTo("https://app.example.com/billing");
        assertThat(billing.signupsPerMinute()).isEqualTo(3);
    }

    @Test
    void dryRunCanBeForcedEvenWithAKey() {
        assertThat(ConfigLoader.load(Map.of("FAMILIAR_STRIPE_API_KEY", "sk_test_abc123", "FAMILIAR_BILLING_MODE", "dry-run"),
                HOME).billing().mode()).isEqualTo(BillingSettings.Mode.DRY_RUN);
    }

    @Test
    void badValuesNameTheVariableAndNeverEchoASecret() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_BILLING_MODE", "stripe"), HOME))
                .hasMessageContaining("FAMILIAR_STRIPE_API_KEY");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_STRIPE_API_KEY", "pk_live_notasecretkey"), HOME))
                .hasMessageContaining("FAMILIAR_STRIPE_API_KEY").hasMessageNotContaining("pk_live_notasecretkey");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_STRIPE_WEBHOOK_SECRET", "hunter2-plain"), HOME))
                .hasMessageContaining("FAMILIAR_STRIPE_WEBHOOK_SECRET").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_BILLING_MODE", "maybe"), HOME))
                .hasMessageContaining("FAMILIAR_BILLING_MODE");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_STRIPE_API_BASE", "ftp://x"), HOME))
                .hasMessageContaining("FAMILIAR_STRIPE_API_BASE");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_BILLING_COLLECT_CARD_FIRST", "perhaps"), HOME))
                .hasMessageContaining("FAMILIAR_BILLING_COLLECT_CARD_FIRST");
    }

    @Test
    void unsignedWebhooksAreRefusedUnlessTheDevelopmentSwitchSaysSo() {
        assertThat(ConfigLoader.load(Map.of(), HOME).billing().acceptsUnsignedWebhooks()).isFalse();
        BillingSettings allowed = ConfigLoader.load(Map.of("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED", "true"), HOME).billing();
        assertThat(allowed.acceptsUnsignedWebhooks()).isTrue();
        assertThat(allowed.toString()).contains("unsignedWebhooks=ALLOWED");
        assertThat(ConfigLoader.load(Map.of("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED", "false"), HOME).billing()
                .acceptsUnsignedWebhooks()).isFalse();
    }

    @Test
    void theUnsignedWebhookSwitchIsRefusedWhereItWouldBeWrongOrMeaningless() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED", "sometimes"), HOME))
                .hasMessageContaining("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED", "true",
                "FAMILIAR_STRIPE_API_KEY", "sk_test_abc123"), HOME))
                .hasMessageContaining("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED").hasMessageContaining("dry-run");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED", "true",
                "FAMILIAR_STRIPE_WEBHOOK_SECRET", "whsec_verysecret1"), HOME))
                .hasMessageContaining("FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED").hasMessageNotContaining("verysecret");
    }

    @Test
    void printingTheConfigurationShowsNoKeyOrSecret() {
        ServerConfig config = ConfigLoader.load(Map.of("FAMILIAR_STRIPE_API_KEY", "sk_live_verysecret1",
                "FAMILIAR_STRIPE_WEBHOOK_SECRET", "whsec_verysecret1"), HOME);
        assertThat(config.toString()).doesNotContain("verysecret").contains("billing=BillingSettings[mode=stripe");
        assertThat(List.of(config.billing().toString())).noneMatch(s -> s.contains("verysecret"));
    }
}
