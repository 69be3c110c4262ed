package dev.familiar.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditScreenRegistrationTest {

    @Test
    void theAuditLogIsRegisteredWithoutAShortcut() {
        ScreenDescriptor audit = ConsoleScreens.registry().find(AuditView.ID).orElseThrow();
        assertThat(audit.id()).isEqualTo("audit");
        assertThat(audit.title()).isEqualTo("Audit log");
        assertThat(audit.shortcut()).isZero();
    }

    @Test
    void theAuditLogIsOfferedToAdministratorsAndTenantAdministrators() {
        ScreenDescriptor audit = ConsoleScreens.registry().find(AuditView.ID).orElseThrow();
        assertThat(audit.offeredTo(List.of("ADMIN"))).isTrue();
        assertThat(audit.offeredTo(List.of("USER", "TENANT_ADMIN"))).isTrue();
        assertThat(audit.offeredTo(List.of("USER"))).as("the server would answer 403").isFalse();
        assertThat(audit.offeredTo(List.of("PROMPT_ENGINEER", "BILLING_ADMIN"))).isFalse();
        assertThat(audit.offeredTo(List.of())).as("roles unknown (an API key): the server decides").isTrue();
    }
}
