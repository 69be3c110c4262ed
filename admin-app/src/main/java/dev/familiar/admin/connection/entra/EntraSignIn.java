package dev.familiar.admin.connection.entra;

import dev.familiar.model.directory.EntraSignInConfig;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * The console's port to Microsoft Entra: get an ID token of the person at this computer for the application and
 * tenant a server names ({@link EntraSignInConfig}). {@link MsalEntraSignIn} is the msal4j adapter (cached account
 * silently, else the system browser, else a device code); tests use a fake.
 */
public interface EntraSignIn {

    /** A device code to show: the person opens {@code verificationUri} on any device and types {@code userCode}. */
    record DeviceCode(String userCode, String verificationUri, String message, Instant expiresAt) {
    }

    /** What the sign-in reports while it waits (called from the waiting thread). */
    interface Progress {
        /** A short line for the status label ("Waiting for the browser…"). */
        void status(String message);

        /** The device-code flow is in use: show the code until the sign-in ends. */
        void deviceCode(DeviceCode code);
    }

    /**
     * Blocks until Entra has issued an ID token, the sign-in fails, or {@code cancel} is cancelled.
     *
     * @return the ID token (a JWT) for {@code config.clientId()}
     * @throws CancellationException when cancelled: the wait stops at once
     * @throws EntraSignInException  when Entra refused or could not be reached; the message is fit to show
     */
    String acquireIdToken(EntraSignInConfig config, Progress progress, CancelSignal cancel) throws EntraSignInException;

    /** Sign-in failed; the message is written for the operator and never carries a token. */
    final class EntraSignInException extends Exception {
        private static final long serialVersionUID = 1L;

        public EntraSignInException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
