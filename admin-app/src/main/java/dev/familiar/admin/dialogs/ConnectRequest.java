package dev.familiar.admin.dialogs;

import dev.familiar.admin.connection.ConnectionSettings;

/** Asks for the address and credential of a remote server; answers the settings, or nothing when cancelled. */
public record ConnectRequest(String suggestedUrl) implements DialogRequest<ConnectionSettings> {
    @Override
    public String title() {
        return "Connect to a remote server";
    }
}
