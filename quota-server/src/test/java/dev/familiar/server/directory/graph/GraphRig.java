package dev.familiar.server.directory.graph;

import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.testing.MutableClock;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Microsoft Entra on this machine: a token endpoint over TLS (msal4j insists on an https authority; the certificate is
 * a self-signed one for localhost, trusted only by this rig) and a {@link FakeGraph} over plain http on localhost.
 * The adapter under test is opened through {@link GraphDirectory#open}, so every Graph call carries a token msal4j
 * obtained from the local endpoint.
 */
final class GraphRig implements AutoCloseable {
    static final String TENANT = "8d2c1f0e-4b7a-4c5e-9f31-2a6b0d9e7c41";
    static final String CLIENT = "5f0e3d2c-1b4a-4e9f-8a7b-6c5d4e3f2a10";
    static final String SECRET = "s3cr3t~Graph.Secret_0123456789abcdef";
    static final String TOKEN = "graph-app-token-7f3a9c1e5b2d4f6a8c0e";
    static final String P12 = "/directory/graph/localhost.p12";
    static final String P12_PASSWORD = "changeit";

    final MockWebServer authority = new MockWebServer();
    final MockWebServer graphServer = new MockWebServer();
    final FakeGraph graph = new FakeGraph(TOKEN);
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    final List<Duration> sleeps = new ArrayList<>();
    private final List<RecordedRequest> authorityRequests = new ArrayList<>();
    private volatile MockResponse tokenAnswer = tokenResponse(TOKEN);
    private final SSLSocketFactory clientTls;

    GraphRig() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = GraphRig.class.getResourceAsStream(P12)) {
            keys.load(in, P12_PASSWORD.toCharArray());
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, P12_PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(km.getKeyManagers(), null, null);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tm.getTrustManagers(), null);
        clientTls = client.getSocketFactory();

        authority.useHttps(server.getSocketFactory());
        authority.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (authorityRequests) {
                    authorityRequests.add(request);
                }
                if (request.getMethod().equals("POST")
                        && request.getUrl().encodedPath().equals("/" + TENANT + "/oauth2/v2.0/token")) {
                    // Entra echoes the client's correlation id (msal4j logs a complaint when it does not)
                    String correlation = request.getHeaders().get("client-request-id");
                    return correlation == null ? tokenAnswer
                            : tokenAnswer.newBuilder().addHeader("client-request-id", correlation).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        authority.start();
        graphServer.setDispatcher(graph);
        graphServer.start();
    }

    String graphUrl() {
        return "http://localhost:" + graphServer.getPort() + "/v1.0";
    }

    String authorityUrl() {
        return "https://localhost:" + authority.getPort();
    }

    EntraSettings secretSettings() {
        return EntraSettings.withSecret(TENANT, CLIENT, SECRET, graphUrl(), authorityUrl());
    }

    EntraSettings certificateSettings() throws URISyntaxException {
        Path p12 = Path.of(GraphRig.class.getResource(P12).toURI());
        return new EntraSettings(Optional.of(TENANT), Optional.of(CLIENT), Optional.empty(), Optional.of(p12),
                P12_PASSWORD, graphUrl(), authorityUrl(), Optional.empty());
    }

    GraphDirectory open() {
        return open(secretSettings());
    }

    GraphDirectory open(EntraSettings settings) {
        return GraphDirectory.open(settings, clock, duration -> {
            synchronized (sleeps) {
                sleeps.add(duration);
            }
        }, clientTls);
    }

    List<RecordedRequest> authorityRequests() {
        synchronized (authorityRequests) {
            return List.copyOf(authorityRequests);
        }
    }

    void answerTokenRequests(MockResponse answer) {
        tokenAnswer = answer;
    }

    /** The token endpoint's answer for a client-credentials grant, as Microsoft Entra writes it. */
    static MockResponse tokenResponse(String accessToken) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json; charset=utf-8")
                .body("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
                        + accessToken + "\"}").build();
    }

    @Override
    public void close() {
        authority.close();
        graphServer.close();
    }
}
