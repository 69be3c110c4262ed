package dev.familiar.admin.promptlab.deploy;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.dialogs.DialogRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.testing.FakeDialogService;
import java.util.Optional;

/** The fake dialogs, answering the team server's connect dialog with what the test set. */
final class TeamServerDialogs implements DialogService {
    final FakeDialogService fake = new FakeDialogService();
    ConnectionSettings teamServerAnswer;
    int teamServerAsked;

    @Override
    @SuppressWarnings("unchecked")
    public <R> Optional<R> show(DialogRequest<R> request) {
        if (request instanceof TeamServerRequest) {
            teamServerAsked++;
            return (Optional<R>) Optional.ofNullable(teamServerAnswer);
        }
        return fake.show(request);
    }
}
