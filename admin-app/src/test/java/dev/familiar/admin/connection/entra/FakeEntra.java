package dev.familiar.admin.connection.entra;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.directory.EntraSignInConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hand-written fakes of both edges of "Sign in with Microsoft": servers by address (their Entra config and their answer
 * to an ID token) and the {@link EntraSignIn} port (answers an ID token, optionally after showing a device code).
 */
final class FakeEntra implements EntraSignIn {
    static final String ENTRA_SERVER = "http://entra.example";
    static final String PLAIN_SERVER = "http://plain.example";
    static final EntraSignInConfig ENABLED = new EntraSignInConfig(true, "https://login.example/tenant-1", "tenant-1",
            "console-app", List.of("openid", "profile"));
    static final EntraSignInConfig DISABLED = new EntraSignInConfig(false, null, null, null, null);

    /** What the server answers to an ID token: a login, or an error. */
    final Map<String, RuntimeException> refusals = new ConcurrentHashMap<>();
    final List<String> exchanged = new CopyOnWriteArrayList<>();
    final List<EntraSignInConfig> acquiredFor = new CopyOnWriteArrayList<>();
    volatile DeviceCode deviceCode;
    volatile EntraSignInException entraFailure;
    volatile boolean sawCancel;
    final java.util.concurrent.atomic.AtomicInteger configAsked = new java.util.concurrent.atomic.AtomicInteger();

    MicrosoftSignIn signIn() {
        return new MicrosoftSignIn(url -> new MicrosoftSignIn.Server() {
            @Override
            public EntraSignInConfig config() {
                configAsked.incrementAndGet();
                if (url.equals(ENTRA_SERVER)) {
                    return ENABLED;
                }
                if (url.equals(PLAIN_SERVER)) {
                    return DISABLED;
                }
                throw new ApiError(ErrorCode.NOT_FOUND, "Not found", 404);
            }

            @Override
            public LoginResponse exchange(String idToken) {
                exchanged.add(idToken);
                RuntimeException refusal = refusals.get(idToken);
                if (refusal != null) {
                    throw refusal;
                }
                return new LoginResponse("user-1", "pat@contoso.example", "our-session-token",
                        List.of("PROMPT_ENGINEER", "USER"), Instant.parse("2030-01-01T00:00:00Z"));
            }
        }, this);
    }

    @Override
    public String acquireIdToken(EntraSignInConfig config, Progress progress, CancelSignal cancel)
            throws EntraSignInException {
        acquiredFor.add(config);
        if (cancel.isCancelled()) {
            sawCancel = true;
            throw new CancellationException("cancelled");
        }
        DeviceCode code = deviceCode;
        if (code != null) {
            progress.deviceCode(code);
        }
        if (entraFailure != null) {
            throw entraFailure;
        }
        return "entra-id-token";
    }

    static ApiError forbidden() {
        return new ApiError(ErrorCode.FORBIDDEN,
                "Your Entra account is in no group that grants access to Familiar; ask an administrator", 403);
    }

    static ApiError unauthenticated() {
        return new ApiError(ErrorCode.UNAUTHENTICATED, "Entra sign-in refused: The ID token has expired; sign in again", 401);
    }
}
