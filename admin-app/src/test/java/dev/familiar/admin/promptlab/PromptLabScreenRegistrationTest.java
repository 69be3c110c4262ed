package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptLabScreenRegistrationTest {

    @Test
    void thePromptLabIsTheAreaUnderCtrl8() {
        assertThat(ConsoleScreens.registry().byShortcut(8)).hasValueSatisfying((ScreenDescriptor screen) -> {
            assertThat(screen.id()).isEqualTo(PromptLabView.ID).isEqualTo("prompt-lab");
            assertThat(screen.title()).isEqualTo("Prompt Lab");
        });
    }

    @Test
    void thePromptLabIsOfferedToAdministratorsAndPromptEngineersOnly() {
        ScreenDescriptor lab = ConsoleScreens.registry().find(PromptLabView.ID).orElseThrow();
        assertThat(lab.offeredTo(List.of("ADMIN"))).isTrue();
        assertThat(lab.offeredTo(List.of("PROMPT_ENGINEER"))).isTrue();
        assertThat(lab.offeredTo(List.of("USER", "PROMPT_ENGINEER"))).isTrue();
        assertThat(lab.offeredTo(List.of("USER"))).as("the server would answer 403").isFalse();
        assertThat(lab.offeredTo(List.of())).as("roles unknown (an API key): the server decides").isTrue();
        assertThat(ConsoleScreens.registry().all()).filteredOn(screen -> !screen.id().equals(PromptLabView.ID))
                // ADMIN only (directory, webhooks, purchases…): each screen's own registration test says so
                .filteredOn(screen -> !screen.roles().equals(java.util.Set.of("ADMIN")))
                .filteredOn(screen -> !screen.id().equals("audit")) // ADMIN, TENANT_ADMIN: AuditScreenRegistrationTest
                .filteredOn(screen -> !screen.id().equals("usage")) // ADMIN only: UsageScreenRegistrationTest
                .filteredOn(screen -> !screen.id().equals("limits")) // ADMIN, TENANT_ADMIN: LimitsScreenRegistrationTest
                .allSatisfy(screen -> assertThat(screen.offeredTo(List.of("USER"))).isTrue());
    }
}
