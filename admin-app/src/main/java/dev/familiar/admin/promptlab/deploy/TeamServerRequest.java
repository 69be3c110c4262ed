package dev.familiar.admin.promptlab.deploy;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.dialogs.DialogRequest;

/**
 * Asks for the team server's address and credential (the Connect dialog, its address suggested from the console's
 * preferences); answers the settings, or nothing when cancelled. The renderer ({@link DeployDialogs}) remembers the
 * address in {@link dev.familiar.admin.preferences.ConsolePreferences} and never the password or key.
 */
public record TeamServerRequest() implements DialogRequest<ConnectionSettings> {
    @Override
    public String title() {
        return "Connect to the team server";
    }
}
