package dev.familiar.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import org.junit.jupiter.api.Test;

class UsersScreenRegistrationTest {

    @Test
    void usersAndKeysIsTheConsolesFourthAreaUnderCtrl4() {
        assertThat(ConsoleScreens.registry().byShortcut(4)).hasValueSatisfying((ScreenDescriptor screen) -> {
            assertThat(screen.id()).isEqualTo(UsersView.ID).isEqualTo("users");
            assertThat(screen.title()).isEqualTo("Users & keys");
        });
    }
}
