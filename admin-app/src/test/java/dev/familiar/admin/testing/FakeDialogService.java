package dev.familiar.admin.testing;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.dialogs.DialogService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Answers the connect dialog with what the test queued, and records the errors and information shown. */
public final class FakeDialogService implements DialogService {
    private Optional<ConnectionSettings> nextConnectAnswer = Optional.empty();
    private final List<String> suggestedUrls = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> copyableInformation = new ArrayList<>();

    public FakeDialogService answerConnectWith(ConnectionSettings settings) {
        nextConnectAnswer = Optional.of(settings);
        return this;
    }

    public FakeDialogService cancelConnect() {
        nextConnectAnswer = Optional.empty();
        return this;
    }

    @Override
    public Optional<ConnectionSettings> showConnectDialog(String suggestedUrl) {
        suggestedUrls.add(suggestedUrl);
        return nextConnectAnswer;
    }

    @Override
    public void showError(String title, String message) {
        errors.add(title + ": " + message);
    }

    @Override
    public void showCopyableInformation(String title, String text) {
        copyableInformation.add(title + ": " + text);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Each copyable information dialog shown, as "title: text". */
    public List<String> copyableInformation() {
        return List.copyOf(copyableInformation);
    }

    public List<String> suggestedUrls() {
        return List.copyOf(suggestedUrls);
    }
}
