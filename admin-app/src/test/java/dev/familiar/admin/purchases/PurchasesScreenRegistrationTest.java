package dev.familiar.admin.purchases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PurchasesScreenRegistrationTest {

    @Test
    void purchasesIsAnAreaWithoutAShortcutOfferedToAdministratorsOnly() {
        ScreenDescriptor purchases = ConsoleScreens.registry().find(PurchasesView.ID).orElseThrow();
        assertThat(purchases.id()).isEqualTo("purchases");
        assertThat(purchases.title()).isEqualTo("Purchases");
        assertThat(purchases.shortcut()).isZero();
        assertThat(purchases.offeredTo(List.of("ADMIN"))).isTrue();
        assertThat(purchases.offeredTo(List.of("BILLING_ADMIN", "TENANT_ADMIN"))).as("the server would answer 403")
                .isFalse();
        assertThat(purchases.offeredTo(List.of())).as("roles unknown (an API key): the server decides").isTrue();
    }
}
