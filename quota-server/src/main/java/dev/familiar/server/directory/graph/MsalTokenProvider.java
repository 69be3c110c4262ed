package dev.familiar.server.directory.graph;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.IConfidentialClientApplication;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kiota's token source backed by msal4j's confidential client (client-credentials flow). msal4j keeps the app token
 * in its in-memory cache and renews it before it expires, so most calls cost no round trip. A token is only handed
 * out for the configured Graph host, over https (plain http only for a loopback host, i.e. tests). Neither the token
 * nor the credential ever appears in a message: failures become {@link TokenFailure} with the AADSTS code only.
 */
final class MsalTokenProvider implements AccessTokenProvider {
    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final IConfidentialClientApplication app;
    private final Set<String> scopes;
    private final AllowedHostsValidator allowedHosts;

    MsalTokenProvider(IConfidentialClientApplication app, String scope, String graphHost) {
        this.app = app;
        this.scopes = Set.of(scope);
        this.allowedHosts = new AllowedHostsValidator(graphHost);
    }

    /** The client-credentials scope of a Graph URL: its origin + {@code /.default} (national clouds included). */
    static String scopeOf(String graphUrl) {
        URI uri = URI.create(graphUrl);
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        return origin + "/.default";
    }

    @Override
    public String getAuthorizationToken(URI uri, Map<String, Object> additionalAuthenticationContext) {
        if (uri == null || !allowedHosts.isUrlHostValid(uri)) {
            return ""; // kiota then sends no Authorization header
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new TokenFailure(false, "refusing to send the Graph token over plain http to " + uri.getHost());
        }
        try {
            return app.acquireToken(ClientCredentialParameters.builder(scopes).build())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).accessToken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenFailure(false, "interrupted while acquiring a Microsoft Entra token");
        } catch (TimeoutException e) {
            throw new TokenFailure(false, "Microsoft Entra did not issue a token within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw describe(e.getCause());
        } catch (MsalException e) {
            throw describe(e);
        }
    }

    @Override
    public AllowedHostsValidator getAllowedHostsValidator() {
        return allowedHosts;
    }

    private static TokenFailure describe(Throwable cause) {
        if (cause instanceof MsalServiceException service) {
            String code = service.errorCode() == null ? "error" : service.errorCode();
            Matcher aadsts = AADSTS.matcher(String.valueOf(service.getMessage()));
            String detail = aadsts.find() ? code + ", " + aadsts.group() : code;
            Integer status = service.statusCode();
            boolean refused = status != null && status >= 400 && status < 500;
            return new TokenFailure(refused, refused
                    ? "Microsoft Entra refused the application's credentials (" + detail + "): check "
                    + "FAMILIAR_ENTRA_TENANT_ID, FAMILIAR_ENTRA_CLIENT_ID and the client secret or certificate"
                    : "Microsoft Entra's token endpoint failed (" + detail + ")");
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException io) {
                return new TokenFailure(false, "could not reach Microsoft Entra's token endpoint ("
                        + io.getClass().getSimpleName() + ")");
            }
        }
        if (cause instanceof MsalException msal) {
            return new TokenFailure(false, "could not acquire a Microsoft Entra token ("
                    + (msal.errorCode() == null ? "client error" : msal.errorCode()) + ")");
        }
        return new TokenFailure(false, "could not reach Microsoft Entra's token endpoint ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ")");
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host)
                || "::1".equals(host);
    }

    /** A token could not be acquired; {@code refused} when Entra rejected our credentials (else unreachable). */
    static final class TokenFailure extends RuntimeException {
        private final boolean refused;

        TokenFailure(boolean refused, String message) {
            super(message, null, false, false);
            this.refused = refused;
        }

        boolean refused() {
            return refused;
        }
    }
}
