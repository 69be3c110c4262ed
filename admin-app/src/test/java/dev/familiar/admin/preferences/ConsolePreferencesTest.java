package dev.familiar.admin.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsolePreferencesTest {
    @TempDir
    Path dir;

    @Test
    void windowThemeAndLastPlaceSurviveARestart() throws Exception {
        Path file = dir.resolve("sub/console.properties");
        ConsolePreferences first = ConsolePreferences.load(file);
        assertThat(first.window()).isEmpty();
        assertThat(first.theme()).isEqualTo(Theme.LIGHT);

        first.window(new ConsolePreferences.WindowBounds(10, 20, 1300, 800, false));
        first.theme(Theme.DARK);
        first.lastPlace("customers/org-1");
        first.save();

        ConsolePreferences again = ConsolePreferences.load(file);
        assertThat(again.window()).contains(new ConsolePreferences.WindowBounds(10, 20, 1300, 800, false));
        assertThat(again.theme()).isEqualTo(Theme.DARK);
        assertThat(again.lastPlace()).contains("customers/org-1");
    }

    @Test
    void aDamagedFileMeansDefaultsNotAFailedStart() throws Exception {
        Path file = dir.resolve("console.properties");
        Files.writeString(file, "window.width=wide\nwindow.height=NaN\ntheme=purple\n\\u12");

        ConsolePreferences preferences = ConsolePreferences.load(file);

        assertThat(preferences.window()).isEmpty();
        assertThat(preferences.theme()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void aWindowTooSmallToUseIsNotRestored() throws Exception {
        Path file = dir.resolve("console.properties");
        Files.writeString(file, "window.width=20\nwindow.height=10\n");
        assertThat(ConsolePreferences.load(file).window()).isEmpty();
    }
}
