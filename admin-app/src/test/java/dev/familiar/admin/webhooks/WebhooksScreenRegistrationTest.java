package dev.familiar.admin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhooksScreenRegistrationTest {

    @Test
    void webhooksIsTheAreaUnderCtrl9() {
        assertThat(ConsoleScreens.registry().byShortcut(9)).hasValueSatisfying((ScreenDescriptor screen) -> {
            assertThat(screen.id()).isEqualTo(WebhooksView.ID).isEqualTo("webhooks");
            assertThat(screen.title()).isEqualTo("Webhooks");
        });
    }

    @Test
    void webhooksIsOfferedToAdministratorsOnly() {
        ScreenDescriptor webhooks = ConsoleScreens.registry().find(WebhooksView.ID).orElseThrow();
        assertThat(webhooks.offeredTo(List.of("ADMIN"))).isTrue();
        assertThat(webhooks.offeredTo(List.of("BILLING_ADMIN"))).as("the server would answer 403").isFalse();
        assertThat(webhooks.offeredTo(List.of())).as("roles unknown (an API key): the server decides").isTrue();
    }
}
