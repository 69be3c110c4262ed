package dev.familiar.admin.promptlab.deploy;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.connection.ConnectDialogView;
import dev.familiar.admin.connection.ConnectDialogViewModel;
import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.FamiliarServerConnector;
import dev.familiar.admin.connection.ServerConnector;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.prompt.LabStatus;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.stage.Window;

/**
 * The deploy dialog's entry points: {@link #request} builds the dialog for {@code function@version}, and
 * {@link #register} adds the renderers of {@link DeployRequest} and {@link TeamServerRequest} to the console's
 * dialogs (the latter remembers the team server's address in the preferences, never the credential).
 */
public final class DeployDialogs {
    private DeployDialogs() {
    }

    /**
     * The deploy dialog for {@code function@version} over this server's API (the team server reached through the
     * real connector); show it with {@code dialogs.show(request)}.
     */
    public static DeployRequest request(Supplier<DeployApi> local, TaskScope tasks, DialogService dialogs,
                                        String function, int version, LabStatus status) {
        return request(local, tasks, dialogs, new FamiliarServerConnector(), function, version, status);
    }

    /** As {@link #request(Supplier, TaskScope, DialogService, String, int, LabStatus)} with another connector. */
    public static DeployRequest request(Supplier<DeployApi> local, TaskScope tasks, DialogService dialogs,
                                        ServerConnector connector, String function, int version, LabStatus status) {
        return new DeployRequest(new DeployViewModel(local, tasks, dialogs, connector,
                connection -> new ClientDeployApi(connection.client().promptLab()), function, version, status));
    }

    /** Registers the renderers of the deploy dialog and of the team server's connect dialog. */
    public static void register(FxDialogService dialogs, ConsolePreferences preferences) {
        dialogs.register(DeployRequest.class, (request, owner) -> new DeployDialogView(request.viewModel(), owner)
                .showAndWait());
        dialogs.register(TeamServerRequest.class, (request, owner) -> askTeamServer(preferences, owner));
    }

    /** The Connect dialog with the remembered address suggested; a remote answer's address is remembered. */
    static Optional<ConnectionSettings> askTeamServer(ConsolePreferences preferences, Window owner) {
        ConnectDialogViewModel viewModel = new ConnectDialogViewModel(suggestedUrl(preferences));
        ConnectDialogView dialog = new ConnectDialogView(viewModel);
        dialog.initOwner(owner);
        dialog.setTitle(new TeamServerRequest().title());
        try {
            Optional<ConnectionSettings> answer = dialog.showAndWait();
            answer.ifPresent(settings -> remember(preferences, settings));
            return answer;
        } finally {
            viewModel.forgetSecrets();
        }
    }

    /** The remembered team server address, or "" when none. */
    static String suggestedUrl(ConsolePreferences preferences) {
        return preferences == null ? "" : preferences.teamServerUrl().orElse("");
    }

    /** Keeps a remote server's address (only the address: the credential stays in memory for this connection). */
    static void remember(ConsolePreferences preferences, ConnectionSettings settings) {
        if (preferences != null && settings instanceof ConnectionSettings.Remote remote) {
            preferences.teamServerUrl(remote.baseUrl());
        }
    }
}
