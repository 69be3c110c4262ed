package dev.familiar.admin.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageScreenRegistrationTest {

    @Test
    void usageIsTheAreaUnderCtrl5() {
        assertThat(ConsoleScreens.registry().byShortcut(5)).hasValueSatisfying((ScreenDescriptor screen) -> {
            assertThat(screen.id()).isEqualTo(UsageView.ID).isEqualTo("usage");
            assertThat(screen.title()).isEqualTo("Usage");
        });
    }

    @Test
    void usageIsOfferedToAdministratorsOnly() {
        ScreenDescriptor usage = ConsoleScreens.registry().find(UsageView.ID).orElseThrow();
        assertThat(usage.offeredTo(List.of("ADMIN"))).isTrue();
        assertThat(usage.offeredTo(List.of("TENANT_ADMIN", "BILLING_ADMIN"))).as("the server would answer 403")
                .isFalse();
        assertThat(usage.offeredTo(List.of())).as("roles unknown (an API key): the server decides").isTrue();
    }
}
