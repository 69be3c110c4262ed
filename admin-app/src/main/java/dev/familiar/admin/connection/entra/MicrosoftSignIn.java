package dev.familiar.admin.connection.entra;

import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.EntraSignInConfig;
import java.util.Objects;
import java.util.function.Function;

/**
 * "Sign in with Microsoft" against one server: ask the server how ({@code GET /api/auth/entra/config}), get an ID token
 * from Entra through the {@link EntraSignIn} port, and exchange it for the server's session token
 * ({@code POST /api/auth/entra/sign-in}). The ID token is used once and not kept. Blocking calls; thread-safe.
 */
public final class MicrosoftSignIn {

    /** The two calls a server answers (over {@link FamiliarClient} in the console, faked in tests). */
    public interface Server extends AutoCloseable {
        EntraSignInConfig config();

        LoginResponse exchange(String idToken);

        @Override
        default void close() {
        }
    }

    private final Function<String, Server> servers;
    private final EntraSignIn entra;

    public MicrosoftSignIn(Function<String, Server> servers, EntraSignIn entra) {
        this.servers = Objects.requireNonNull(servers, "servers");
        this.entra = Objects.requireNonNull(entra, "entra");
    }

    /** Over the typed client of each server address. */
    public static MicrosoftSignIn overFamiliarClient(EntraSignIn entra) {
        return new MicrosoftSignIn(baseUrl -> {
            FamiliarClient client = FamiliarClient.connect(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
            return new Server() {
                @Override
                public EntraSignInConfig config() {
                    return client.auth().entraConfig();
                }

                @Override
                public LoginResponse exchange(String idToken) {
                    return client.auth().entraSignIn(idToken);
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }, entra);
    }

    /** Whether and how the server at {@code baseUrl} lets people sign in with Entra. */
    public EntraSignInConfig configOf(String baseUrl) {
        try (Server server = servers.apply(baseUrl)) {
            return server.config();
        }
    }

    /** Signs in at {@code baseUrl}: Entra first (blocking, cancellable), then the server. */
    public LoginResponse signIn(String baseUrl, EntraSignInConfig config, EntraSignIn.Progress progress,
                                CancelSignal cancel) throws EntraSignIn.EntraSignInException {
        String idToken = entra.acquireIdToken(config, progress, cancel);
        if (cancel.isCancelled()) {
            throw new java.util.concurrent.CancellationException("sign-in cancelled");
        }
        progress.status("Signing in to the server…");
        try (Server server = servers.apply(baseUrl)) {
            return server.exchange(idToken);
        }
    }
}
