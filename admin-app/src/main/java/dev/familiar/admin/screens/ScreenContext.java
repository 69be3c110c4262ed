package dev.familiar.admin.screens;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.session.SessionState;

/**
 * What a screen is built with: the session to take its API from, the navigator (the only way to reach another
 * screen), its own task scope (cancelled when the screen is left) and the dialogs.
 */
public record ScreenContext(SessionState session, Navigator navigator, TaskScope tasks, DialogService dialogs) {
}
