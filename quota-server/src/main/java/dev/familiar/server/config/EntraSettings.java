package dev.familiar.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Microsoft Entra: with a tenant and an application (client id and a client secret or a certificate) the directory is
 * Entra's, reached through Microsoft Graph; without them it is the local directory (dry-run). The secret is never
 * printed: {@link #toString()} masks it.
 *
 * @param tenantId            {@code FAMILIAR_ENTRA_TENANT_ID}
 * @param clientId            {@code FAMILIAR_ENTRA_CLIENT_ID}: the server's (confidential client) application
 * @param clientSecret        {@code FAMILIAR_ENTRA_CLIENT_SECRET}
 * @param certificatePath     {@code FAMILIAR_ENTRA_CERTIFICATE_PATH}: a PKCS#12 file with the private key and certificate
 * @param certificatePassword {@code FAMILIAR_ENTRA_CERTIFICATE_PASSWORD}: the PKCS#12 file's password (may be empty)
 * @param graphUrl            {@code FAMILIAR_ENTRA_GRAPH_URL}, default {@code https://graph.microsoft.com/v1.0}
 * @param authorityUrl        {@code FAMILIAR_ENTRA_AUTHORITY_URL} (the cloud's login host, without the tenant),
 *                            default {@code https://login.microsoftonline.com}
 * @param consoleClientId     {@code FAMILIAR_ENTRA_CONSOLE_CLIENT_ID}: the console's (public client) application whose
 *                            ID tokens the server accepts at sign-in; default {@code clientId}
 */
public record EntraSettings(Optional<String> tenantId, Optional<String> clientId, Optional<String> clientSecret,
                            Optional<Path> certificatePath, String certificatePassword, String graphUrl,
                            String authorityUrl, Optional<String> consoleClientId) {
    public static final String DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0";
    public static final String DEFAULT_AUTHORITY_URL = "https://login.microsoftonline.com";

    public EntraSettings {
        tenantId = tenantId == null ? Optional.empty() : tenantId;
        clientId = clientId == null ? Optional.empty() : clientId;
        clientSecret = clientSecret == null ? Optional.empty() : clientSecret;
        certificatePath = certificatePath == null ? Optional.empty() : certificatePath;
        certificatePassword = certificatePassword == null ? "" : certificatePassword;
        graphUrl = stripSlash(graphUrl == null ? DEFAULT_GRAPH_URL : graphUrl);
        authorityUrl = stripSlash(authorityUrl == null ? DEFAULT_AUTHORITY_URL : authorityUrl);
        consoleClientId = consoleClientId == null || consoleClientId.isEmpty() ? clientId : consoleClientId;
        if (tenantId.isPresent() != clientId.isPresent()) {
            throw new IllegalArgumentException("tenantId and clientId are set together");
        }
        if (tenantId.isPresent() && clientSecret.isEmpty() && certificatePath.isEmpty()) {
            throw new IllegalArgumentException("an Entra application needs a client secret or a certificate");
        }
    }

    /** No Entra: the local directory. */
    public static EntraSettings local() {
        return new EntraSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "", null, null,
                Optional.empty());
    }

    /** An Entra application authenticated by a client secret, at the given Graph and authority URLs (tests). */
    public static EntraSettings withSecret(String tenantId, String clientId, String secret, String graphUrl,
                                           String authorityUrl) {
        return new EntraSettings(Optional.of(tenantId), Optional.of(clientId), Optional.of(secret), Optional.empty(), "",
                graphUrl, authorityUrl, Optional.empty());
    }

    /** Whether the directory is Entra's (else the local dry-run directory). */
    public boolean enabled() {
        return tenantId.isPresent();
    }

    /** The tenant's authority, e.g. {@code https://login.microsoftonline.com/<tenant>}; empty without Entra. */
    public Optional<String> tenantAuthority() {
        return tenantId.map(t -> authorityUrl + "/" + t);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "EntraSettings[tenantId=" + tenantId.orElse("-") + ", clientId=" + clientId.orElse("-")
                + ", clientSecret=" + (clientSecret.isPresent() ? "***" : "-")
                + ", certificatePath=" + certificatePath.map(Path::toString).orElse("-")
                + ", graphUrl=" + graphUrl + ", authorityUrl=" + authorityUrl
                + ", consoleClientId=" + consoleClientId.orElse("-") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntraSettings e && tenantId.equals(e.tenantId) && clientId.equals(e.clientId)
                && clientSecret.equals(e.clientSecret) && certificatePath.equals(e.certificatePath)
                && certificatePassword.equals(e.certificatePassword) && graphUrl.equals(e.graphUrl)
                && authorityUrl.equals(e.authorityUrl) && consoleClientId.equals(e.consoleClientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, clientId, graphUrl, authorityUrl);
    }
}
