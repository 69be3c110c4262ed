package dev.familiar.admin.connection.entra;

import dev.familiar.model.directory.EntraSignInConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The console's {@link EntraSignIn}: the msal4j adapter over the token cache in the data folder, made on the first
 * sign-in (in the background: the keyring probe may take a moment) and kept for the next ones. Thread-safe.
 */
public final class LazyEntraSignIn implements EntraSignIn {
    private final Path dataDir;
    private MsalEntraSignIn delegate;

    private LazyEntraSignIn(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Sign-in with the cache under {@code dataDir}/entra. */
    public static LazyEntraSignIn inDataDir(Path dataDir) {
        return new LazyEntraSignIn(dataDir.toAbsolutePath());
    }

    @Override
    public String acquireIdToken(EntraSignInConfig config, Progress progress, CancelSignal cancel)
            throws EntraSignInException {
        return delegate().acquireIdToken(config, progress, cancel);
    }

    private synchronized MsalEntraSignIn delegate() throws EntraSignInException {
        if (delegate == null) {
            try {
                delegate = MsalEntraSignIn.forDataDir(dataDir);
            } catch (IOException e) {
                throw new EntraSignInException("The Entra token cache in " + dataDir.resolve("entra")
                        + " could not be opened: " + e.getMessage(), e);
            }
        }
        return delegate;
    }
}
