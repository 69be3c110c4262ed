package dev.familiar.admin.shell;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.screens.ScreenHost;
import dev.familiar.admin.screens.ScreenRegistry;

/** The parts of the framework the shell shows: the screens, where the console is, and what runs in the background. */
public record Workbench(ScreenRegistry registry, Navigator navigator, ScreenHost host, ActivityMonitor activity) {
}
