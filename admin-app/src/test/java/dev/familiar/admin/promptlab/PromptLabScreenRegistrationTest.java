package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.ConsoleScreens;
import dev.familiar.admin.screens.ScreenDescriptor;
import org.junit.jupiter.api.Test;

class PromptLabScreenRegistrationTest {

    @Test
    void thePromptLabIsTheAreaUnderCtrl8() {
        assertThat(ConsoleScreens.registry().byShortcut(8)).hasValueSatisfying((ScreenDescriptor screen) -> {
            assertThat(screen.id()).isEqualTo(PromptLabView.ID).isEqualTo("prompt-lab");
            assertThat(screen.title()).isEqualTo("Prompt Lab");
        });
    }
}
