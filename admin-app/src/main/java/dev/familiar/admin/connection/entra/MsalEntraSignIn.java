package dev.familiar.admin.connection.entra;

import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.InteractiveRequestParameters;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.SystemBrowserOptions;
import dev.familiar.model.directory.EntraSignInConfig;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The msal4j adapter of {@link EntraSignIn}: a public client of the server's console application at the server's
 * tenant authority, with the token cache persisted by msal4j's persistence extension ({@link TokenCacheStore}). In
 * order: the cached account silently (a fresh ID token through its refresh token); else the system browser with a
 * loopback redirect ({@code http://localhost}); else, with no browser to open, the device-code flow, whose code is
 * reported to be shown. Each sign-in runs on its own threads, which cancellation interrupts, so the wait stops at
 * once (msal4j's polling loops end with them). Nothing here logs a token.
 */
public final class MsalEntraSignIn implements EntraSignIn {
    private static final Logger LOG = LoggerFactory.getLogger(MsalEntraSignIn.class);
    /** Scopes msal4j adds itself; the server's list may name them. */
    private static final Set<String> RESERVED = Set.of("openid", "profile", "offline_access");
    private static final URI LOOPBACK = URI.create("http://localhost");
    private static final long WAIT_SLICE_MS = 100;

    /** Which interactive flows this computer can run. */
    public enum Flows { BROWSER_THEN_DEVICE_CODE, DEVICE_CODE_ONLY }

    private final ITokenCacheAccessAspect cache;
    private final Optional<IHttpClient> http;
    private final Flows flows;
    private final boolean validateAuthority;
    private final Clock clock;

    /**
     * @param cache             the persisted token cache
     * @param http              msal4j's HTTP client to use (tests point it at a local authority), else its own
     * @param flows             whether to try the system browser first
     * @param validateAuthority false for an authority that is not a known Microsoft cloud (tests, private clouds)
     */
    public MsalEntraSignIn(ITokenCacheAccessAspect cache, Optional<IHttpClient> http, Flows flows,
                           boolean validateAuthority, Clock clock) {
        this.cache = cache;
        this.http = http;
        this.flows = flows;
        this.validateAuthority = validateAuthority;
        this.clock = clock;
    }

    /** The console's sign-in: the cache under {@code dataDir}/entra, the browser when this computer has a desktop. */
    public static MsalEntraSignIn forDataDir(java.nio.file.Path dataDir) throws java.io.IOException {
        TokenCacheStore.Opened cache = TokenCacheStore.open(dataDir.resolve("entra"));
        boolean desktop = !GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE);
        return new MsalEntraSignIn(cache.aspect(), Optional.empty(),
                desktop ? Flows.BROWSER_THEN_DEVICE_CODE : Flows.DEVICE_CODE_ONLY, true, Clock.systemUTC());
    }

    @Override
    public String acquireIdToken(EntraSignInConfig config, Progress progress, CancelSignal cancel)
            throws EntraSignInException {
        if (config == null || !config.enabled()) {
            throw new EntraSignInException("This server does not offer sign-in with Microsoft", null);
        }
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "familiar-entra-sign-in");
            t.setDaemon(true);
            return t;
        });
        cancel.onCancel(threads::shutdownNow);
        try {
            PublicClientApplication app = application(config, threads);
            Set<String> scopes = scopes(config);
            Optional<String> silent = silently(app, scopes, config, cancel);
            if (silent.isPresent()) {
                return silent.get();
            }
            if (flows == Flows.BROWSER_THEN_DEVICE_CODE) {
                progress.status("Waiting for you to sign in in the browser…");
                try {
                    return idToken(await(app.acquireToken(InteractiveRequestParameters.builder(LOOPBACK).scopes(scopes)
                            .systemBrowserOptions(SystemBrowserOptions.builder().build()).build()), cancel));
                } catch (EntraSignInException e) {
                    if (!(e.getCause() instanceof MsalException m) || m instanceof MsalServiceException) {
                        throw e; // Entra itself refused: a device code would not help
                    }
                    LOG.info("The browser sign-in could not run ({}); using a device code", m.errorCode());
                }
            }
            progress.status("Waiting for the device code to be entered…");
            return idToken(await(app.acquireToken(DeviceCodeFlowParameters.builder(scopes, code ->
                    progress.deviceCode(new DeviceCode(code.userCode(), code.verificationUri(), code.message(),
                            clock.instant().plusSeconds(code.expiresIn())))).build()), cancel));
        } catch (java.net.MalformedURLException e) {
            throw new EntraSignInException("The server names an authority that is not a URL", e);
        } finally {
            threads.shutdownNow();
        }
    }

    private PublicClientApplication application(EntraSignInConfig config, ExecutorService threads)
            throws java.net.MalformedURLException {
        PublicClientApplication.Builder builder = PublicClientApplication.builder(config.clientId())
                .authority(config.authority().endsWith("/") ? config.authority() : config.authority() + "/")
                .setTokenCacheAccessAspect(cache)
                .executorService(threads)
                .logPii(false);
        if (!validateAuthority) {
            builder.validateAuthority(false).instanceDiscovery(false);
        }
        http.ifPresent(builder::httpClient);
        return builder.build();
    }

    /** The cached account of this tenant, refreshed (a new ID token; a cached one may be about to expire). */
    private Optional<String> silently(PublicClientApplication app, Set<String> scopes, EntraSignInConfig config,
                                      CancelSignal cancel) throws EntraSignInException, java.net.MalformedURLException {
        Set<IAccount> accounts = await(app.getAccounts(), cancel);
        for (IAccount account : accounts) {
            if (config.tenantId() != null && account.homeAccountId() != null
                    && !account.homeAccountId().endsWith("." + config.tenantId())) {
                continue;
            }
            try {
                return Optional.of(idToken(await(app.acquireTokenSilently(SilentParameters.builder(scopes, account)
                        .forceRefresh(true).build()), cancel)));
            } catch (EntraSignInException e) {
                LOG.info("The cached Entra account needs an interactive sign-in");
            }
        }
        return Optional.empty();
    }

    static Set<String> scopes(EntraSignInConfig config) {
        Set<String> scopes = new LinkedHashSet<>(config.scopes() == null ? List.of() : config.scopes());
        scopes.removeAll(RESERVED);
        // with only the reserved scopes msal4j asks for openid/profile/offline_access: an ID token and a refresh token
        return scopes;
    }

    private static String idToken(IAuthenticationResult result) throws EntraSignInException {
        if (result == null || result.idToken() == null || result.idToken().isBlank()) {
            throw new EntraSignInException("Microsoft Entra answered without an ID token", null);
        }
        return result.idToken();
    }

    /** Waits for {@code future}, a slice at a time, until it completes or {@code cancel} says stop. */
    private static <T> T await(CompletableFuture<T> future, CancelSignal cancel) throws EntraSignInException {
        cancel.onCancel(() -> future.cancel(true));
        while (true) {
            if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
                future.cancel(true);
                cancel.cancel();
                throw new CancellationException("sign-in cancelled");
            }
            try {
                return future.get(WAIT_SLICE_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel();
                throw new CancellationException("sign-in cancelled");
            } catch (CancellationException e) {
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cancel.isCancelled()) {
                    throw new CancellationException("sign-in cancelled");
                }
                if (cause instanceof MsalException m) {
                    throw new EntraSignInException("Microsoft Entra refused the sign-in (" + m.errorCode() + ")", m);
                }
                throw new EntraSignInException("Microsoft Entra could not be reached: "
                        + (cause == null ? "unknown error" : cause.getClass().getSimpleName()), cause);
            }
        }
    }

}
