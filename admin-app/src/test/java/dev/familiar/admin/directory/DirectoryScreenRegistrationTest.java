package dev.familiar.admin.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryScreenRegistrationTest {

    @Test
    void theDirectoryIsTheAreaUnderCtrl7() {
        assertThat(ConsoleScreens.registry().byShortcut(7)).hasValueSatisfying((ScreenDescriptor screen) -> {
            assertThat(screen.id()).isEqualTo(DirectoryView.ID).isEqualTo("directory");
            assertThat(screen.title()).isEqualTo("Directory");
        });
    }

    @Test
    void theDirectoryIsOfferedToAdministratorsOnly() {
        ScreenDescriptor directory = ConsoleScreens.registry().find(DirectoryView.ID).orElseThrow();
        assertThat(directory.offeredTo(List.of("ADMIN"))).isTrue();
        assertThat(directory.offeredTo(List.of("USER", "ADMIN"))).isTrue();
        assertThat(directory.offeredTo(List.of("PROMPT_ENGINEER"))).as("the server would answer 403").isFalse();
        assertThat(directory.offeredTo(List.of("BILLING_ADMIN", "TENANT_ADMIN"))).isFalse();
        assertThat(directory.offeredTo(List.of())).as("roles unknown (an API key): the server decides").isTrue();
    }
}
