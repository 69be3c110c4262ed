package dev.familiar.admin.directory;

import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.client.ApiTransport;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * How the Directory screen reports a failure. When the directory itself failed (502 {@code UPSTREAM_FAILED}:
 * Microsoft Graph refused or did not answer; 503 {@code SERVICE_UNAVAILABLE}: it throttles us, with the seconds to
 * wait) a banner across the screen says so, with a Retry button that reloads the screen; any other failure (a
 * validation problem, a group that no longer exists) is an error dialog with the server's request id. UI thread only.
 */
public final class DirectoryBanner {
    private final DialogService dialogs;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper(false);
    private Runnable retry = () -> { };

    public DirectoryBanner(DialogService dialogs) {
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
    }

    /** What Retry does (the screen reloads); set once by the screen's view model. */
    void onRetry(Runnable action) {
        retry = Objects.requireNonNull(action, "action");
    }

    /** Shows {@code failure} of the action {@code title} ("Could not load the groups"): the banner or a dialog. */
    public void failed(String title, Throwable failure) {
        String banner = bannerText(title, failure);
        if (banner == null) {
            dialogs.show(ErrorRequest.of(title, failure));
            return;
        }
        text.set(banner);
        showing.set(true);
    }

    /**
     * The banner's text for a directory failure (502 or 503), or null for any other failure: "Could not load the
     * groups: the directory is busy and asks us to slow down (HTTP 503) — retry after 30 seconds. …".
     */
    static String bannerText(String title, Throwable failure) {
        if (!(unwrap(failure) instanceof ApiError error) || (error.status() != 502 && error.status() != 503)) {
            return null;
        }
        StringBuilder line = new StringBuilder(title).append(": ");
        if (error.status() == 503) {
            line.append("the directory is busy and asks us to slow down (HTTP 503)");
            Object seconds = error.details().get(ApiTransport.RETRY_AFTER_DETAIL);
            if (seconds instanceof Number number) {
                line.append(" — retry after ").append(number.longValue())
                        .append(number.longValue() == 1 ? " second" : " seconds");
            } else {
                line.append(" — retry in a moment");
            }
            line.append('.');
        } else {
            line.append("the directory did not answer as expected (HTTP 502).");
        }
        if (error.getMessage() != null && !error.getMessage().isBlank()) {
            line.append(' ').append(error.getMessage().strip());
        }
        if (error.requestId() != null) {
            line.append(" (request ").append(error.requestId()).append(')');
        }
        return line.toString();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Hides the banner and runs the screen's retry. */
    public void retry() {
        clear();
        retry.run();
    }

    /** Hides the banner. */
    public void clear() {
        showing.set(false);
        text.set("");
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }
}
