package dev.familiar.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsScreenRegistrationTest {

    @Test
    void quotasAndLimitsIsTheAreaUnderCtrl6() {
        assertThat(ConsoleScreens.registry().byShortcut(6)).hasValueSatisfying((ScreenDescriptor screen) -> {
            assertThat(screen.id()).isEqualTo(LimitsView.ID).isEqualTo("limits");
            assertThat(screen.title()).isEqualTo("Quotas & limits");
        });
    }

    @Test
    void quotasAndLimitsIsOfferedToAdministratorsAndTenantAdmins() {
        ScreenDescriptor limits = ConsoleScreens.registry().find(LimitsView.ID).orElseThrow();
        assertThat(limits.offeredTo(List.of("ADMIN"))).isTrue();
        assertThat(limits.offeredTo(List.of("USER", "TENANT_ADMIN"))).isTrue();
        assertThat(limits.offeredTo(List.of("PROMPT_ENGINEER"))).as("the server would answer 403").isFalse();
        assertThat(limits.offeredTo(List.of("BILLING_ADMIN", "USER"))).isFalse();
        assertThat(limits.offeredTo(List.of())).as("roles unknown (an API key): the server decides").isTrue();
    }
}
