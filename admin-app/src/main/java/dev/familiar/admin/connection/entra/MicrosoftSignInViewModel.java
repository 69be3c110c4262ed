package dev.familiar.admin.connection.entra;

import dev.familiar.admin.concurrent.BackgroundExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.directory.EntraSignInConfig;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Sign in with Microsoft" part of the connect dialog: whether the server offers it ({@link #checkServer}), the
 * sign-in itself in the background with its progress, a device code to show, cancel, and the outcome (the server's
 * {@link LoginResponse}, which the dialog turns into its credential) or a plain error: 403 "no group grants access",
 * 401 "refused". Use on the UI thread only; the work runs on the {@link BackgroundExecutor}.
 */
public final class MicrosoftSignInViewModel {
    private final MicrosoftSignIn signIn;
    private final BackgroundExecutor executor;

    private final BooleanProperty available = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty deviceCode = new SimpleStringProperty("");
    private final ObjectProperty<LoginResponse> signedIn = new SimpleObjectProperty<>();
    private EntraSignInConfig config;
    private String checkedUrl;
    private String signedInUrl;
    private CancelSignal running;
    private long generation;

    public MicrosoftSignInViewModel(MicrosoftSignIn signIn, BackgroundExecutor executor) {
        this.signIn = Objects.requireNonNull(signIn, "signIn");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Asks the server at {@code baseUrl} whether it offers Entra sign-in (once per address). */
    public void checkServer(String baseUrl) {
        if (baseUrl == null || baseUrl.equals(checkedUrl)) {
            return;
        }
        checkedUrl = baseUrl;
        long mine = ++generation;
        available.set(false);
        executor.submit(() -> signIn.configOf(baseUrl), found -> {
            if (mine == generation) {
                config = found;
                available.set(found != null && found.enabled());
            }
        }, failure -> {
            if (mine == generation) {
                available.set(false); // no answer, an older server without the route: password sign-in only
            }
        });
    }

    /** Starts signing in at the last checked server; progress and the outcome arrive on the UI thread. */
    public void signIn() {
        if (busy.get() || !available.get() || config == null) {
            return;
        }
        String url = checkedUrl;
        CancelSignal cancel = new CancelSignal();
        running = cancel;
        busy.set(true);
        signedIn.set(null);
        deviceCode.set("");
        status.set("Signing in with Microsoft…");
        EntraSignIn.Progress progress = new EntraSignIn.Progress() {
            @Override
            public void status(String message) {
                executor.onUi(() -> {
                    if (running == cancel) {
                        status.set(message);
                    }
                });
            }

            @Override
            public void deviceCode(EntraSignIn.DeviceCode code) {
                executor.onUi(() -> {
                    if (running == cancel) {
                        deviceCode.set("Open " + code.verificationUri() + " and enter the code " + code.userCode());
                    }
                });
            }
        };
        EntraSignInConfig using = config;
        executor.submit(() -> signIn.signIn(url, using, progress, cancel), login -> {
            if (running == cancel) {
                finish();
                signedInUrl = url; // before the property fires: the dialog's validity reads both
                signedIn.set(login);
                status.set("Signed in as " + login.username() + " (" + String.join(", ", login.roles()) + ")");
            }
        }, failure -> {
            if (running == cancel) {
                finish();
                status.set(describe(failure));
            }
        });
    }

    /** Stops waiting for Entra; the dialog stays open for another try. */
    public void cancel() {
        CancelSignal cancel = running;
        if (cancel != null) {
            cancel.cancel();
            finish();
            status.set("Sign-in cancelled.");
        }
    }

    /** The sign-in for {@code baseUrl}, when it succeeded for that very address. */
    public java.util.Optional<LoginResponse> signedInAt(String baseUrl) {
        return signedIn.get() != null && baseUrl.equals(signedInUrl)
                ? java.util.Optional.of(signedIn.get()) : java.util.Optional.empty();
    }

    /** Drops the session token (the dialog has handed it over, or was closed). */
    public void forget() {
        cancel();
        signedIn.set(null);
        signedInUrl = null;
    }

    private void finish() {
        running = null;
        busy.set(false);
        deviceCode.set("");
    }

    static String describe(Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (f instanceof CancellationException) {
            return "Sign-in cancelled.";
        }
        if (f instanceof ApiError e) {
            if (e.code() == ErrorCode.FORBIDDEN || e.status() == 403) {
                return e.getMessage() == null || e.getMessage().isBlank()
                        ? "Your Entra account is in no group that grants access to Familiar." : e.getMessage();
            }
            if (e.code() == ErrorCode.UNAUTHENTICATED || e.status() == 401) {
                return "The server refused the Microsoft sign-in: " + e.getMessage();
            }
            return "Sign-in failed (HTTP " + e.status() + "): " + e.getMessage();
        }
        if (f instanceof EntraSignIn.EntraSignInException e) {
            return e.getMessage();
        }
        return "Sign-in failed: " + (f.getMessage() == null ? f.getClass().getSimpleName() : f.getMessage());
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty deviceCodeProperty() {
        return deviceCode;
    }

    public ReadOnlyObjectProperty<LoginResponse> signedInProperty() {
        return signedIn;
    }
}
