package dev.familiar.admin.connection.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.aad.msal4j.HttpResponse;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.familiar.model.directory.EntraSignInConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * msal4j's device-code flow against a local authority: the device code endpoint, then the token endpoint answering
 * {@code authorization_pending} before the tokens, as Entra does. msal4j's HTTP goes through a client that sends every
 * call to the local server, so the requests it makes are the ones asserted here. The token cache is the real
 * persistence extension, in the file fallback (no keyring in the test).
 */
class MsalDeviceCodeFlowTest {
    static final String TENANT = "7f3c1a2e-0000-4000-8000-00000000a11c";
    static final String CLIENT = "c0a501e0-0000-4000-8000-000000000001";
    static final String OID = "0b1ec7id-0000-4000-8000-000000000042";
    static final String AUTHORITY = "https://login.entra.test/" + TENANT;

    @TempDir
    Path dataDir;
    MockWebServer authority;
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger pendingAnswers = new AtomicInteger(1);
    volatile boolean neverAuthorize;
    RSAKey key;
    String idToken;

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        idToken = idToken();
        authority = new MockWebServer();
        authority.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                requests.add(r);
                String path = r.getUrl().encodedPath();
                String body = r.getBody() == null ? "" : r.getBody().utf8();
                if (path.equals("/" + TENANT + "/oauth2/v2.0/devicecode")) {
                    return json(200, "{\"user_code\":\"FAM-1234\",\"device_code\":\"dev-code-secret\","
                            + "\"verification_uri\":\"https://microsoft.com/devicelogin\",\"expires_in\":900,"
                            + "\"interval\":1,\"message\":\"To sign in, use a web browser to open the page "
                            + "https://microsoft.com/devicelogin and enter the code FAM-1234 to authenticate.\"}");
                }
                if (path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
                    if (body.contains("device_code") && (neverAuthorize || pendingAnswers.getAndDecrement() > 0)) {
                        return json(400, "{\"error\":\"authorization_pending\",\"error_description\":\"AADSTS70016: "
                                + "OAuth 2.0 device flow error. Authorization is pending.\",\"error_codes\":[70016]}");
                    }
                    return json(200, tokens());
                }
                return json(404, "{\"error\":\"not_found\"}");
            }
        });
        authority.start();
    }

    @AfterEach
    void stop() throws Exception {
        authority.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    String idToken() throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("https://login.entra.test/" + TENANT + "/v2.0").audience(CLIENT)
                        .subject("pairwise").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).claim("tid", TENANT).claim("oid", OID)
                        .claim("preferred_username", "pat@contoso.example").claim("name", "Pat").claim("ver", "2.0")
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    String tokens() {
        String clientInfo = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"uid\":\"" + OID + "\",\"utid\":\"" + TENANT + "\"}").getBytes(StandardCharsets.UTF_8));
        return "{\"token_type\":\"Bearer\",\"scope\":\"openid profile offline_access\",\"expires_in\":3600,"
                + "\"ext_expires_in\":3600,\"access_token\":\"graph-access-token\",\"refresh_token\":\"refresh-secret\","
                + "\"id_token\":\"" + idToken + "\",\"client_info\":\"" + clientInfo + "\"}";
    }

    /** msal4j's HTTP, sent to the local authority whatever host it names. */
    IHttpClient toLocalAuthority() {
        HttpClient http = HttpClient.newHttpClient();
        return request -> {
            URI target = URI.create(authority.url(request.url().getPath()).toString()
                    + (request.url().getQuery() == null ? "" : "?" + request.url().getQuery()));
            HttpRequest.Builder b = HttpRequest.newBuilder(target);
            request.headers().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                    b.header(k, v);
                }
            });
            if (request.httpMethod().name().equals("POST")) {
                b.POST(HttpRequest.BodyPublishers.ofString(request.body() == null ? "" : request.body()));
            } else {
                b.GET();
            }
            java.net.http.HttpResponse<String> answer = http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            HttpResponse response = new HttpResponse().statusCode(answer.statusCode()).body(answer.body());
            response.addHeaders(answer.headers().map());
            return (IHttpResponse) response;
        };
    }

    MsalEntraSignIn signIn(TokenCacheStore.Opened cache) {
        return new MsalEntraSignIn(cache.aspect(), Optional.of(toLocalAuthority()),
                MsalEntraSignIn.Flows.DEVICE_CODE_ONLY, false, Clock.systemUTC());
    }

    static EntraSignInConfig config() {
        return new EntraSignInConfig(true, AUTHORITY, TENANT, CLIENT, List.of("openid", "profile", "offline_access"));
    }

    static final class RecordingProgress implements EntraSignIn.Progress {
        final List<EntraSignIn.DeviceCode> codes = new CopyOnWriteArrayList<>();
        final List<String> statuses = new CopyOnWriteArrayList<>();
        final CountDownLatch codeShown = new CountDownLatch(1);

        @Override
        public void status(String message) {
            statuses.add(message);
        }

        @Override
        public void deviceCode(EntraSignIn.DeviceCode code) {
            codes.add(code);
            codeShown.countDown();
        }
    }

    @Test
    void theDeviceCodeFlowShowsTheCodeWaitsThroughAuthorizationPendingAndAnswersTheIdToken() throws Exception {
        TokenCacheStore.Opened cache = TokenCacheStore.open(dataDir.resolve("entra"), "Linux", () -> false);
        RecordingProgress progress = new RecordingProgress();

        String token = signIn(cache).acquireIdToken(config(), progress, new CancelSignal());

        assertThat(token).isEqualTo(idToken);
        assertThat(progress.codes).singleElement().satisfies(code -> {
            assertThat(code.userCode()).isEqualTo("FAM-1234");
            assertThat(code.verificationUri()).isEqualTo("https://microsoft.com/devicelogin");
        });
        List<String> paths = requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).toList();
        assertThat(paths).containsSubsequence("POST /" + TENANT + "/oauth2/v2.0/devicecode",
                "POST /" + TENANT + "/oauth2/v2.0/token", "POST /" + TENANT + "/oauth2/v2.0/token");
        RecordedRequest deviceCode = requests.stream()
                .filter(r -> r.getUrl().encodedPath().endsWith("/devicecode")).findFirst().orElseThrow();
        String form = deviceCode.getBody().utf8();
        assertThat(form).contains("client_id=" + CLIENT).contains("openid").contains("offline_access");
        System.out.println("[msal requests] " + paths);
    }

    @Test
    void theTokenCacheIsPersistedSoTheNextSignInIsSilent() throws Exception {
        Path dir = dataDir.resolve("entra");
        signIn(TokenCacheStore.open(dir, "Linux", () -> false)).acquireIdToken(config(), new RecordingProgress(),
                new CancelSignal());
        Path file = dir.resolve(TokenCacheStore.FILE_NAME);
        assertThat(Files.size(file)).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        int before = requests.size();

        // a new console process: a new application over the same cache folder
        RecordingProgress progress = new RecordingProgress();
        String token = signIn(TokenCacheStore.open(dir, "Linux", () -> false)).acquireIdToken(config(), progress,
                new CancelSignal());

        assertThat(token).isEqualTo(idToken);
        assertThat(progress.codes).as("no device code the second time").isEmpty();
        List<RecordedRequest> later = requests.subList(before, requests.size());
        assertThat(later).isNotEmpty().allSatisfy(r -> assertThat(r.getUrl().encodedPath()).endsWith("/oauth2/v2.0/token"));
        assertThat(later.get(later.size() - 1).getBody().utf8()).contains("grant_type=refresh_token");
    }

    @Test
    void cancellingStopsTheWaitAtOnce() throws Exception {
        neverAuthorize = true;
        TokenCacheStore.Opened cache = TokenCacheStore.open(dataDir.resolve("entra"), "Linux", () -> false);
        RecordingProgress progress = new RecordingProgress();
        CancelSignal cancel = new CancelSignal();
        ExecutorService waiting = Executors.newSingleThreadExecutor();
        try {
            Future<String> signingIn = waiting.submit(() -> signIn(cache).acquireIdToken(config(), progress, cancel));
            assertThat(progress.codeShown.await(30, TimeUnit.SECONDS)).isTrue();

            cancel.cancel();

            assertThatThrownBy(() -> signingIn.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
        } finally {
            waiting.shutdownNow();
        }
        // A poll already on the wire when the signal came may still reach the authority; give it longer than one
        // poll interval to land, then watch: msal4j polls every second while someone waits, and nobody does now.
        Thread.sleep(1_200);
        int polls = requests.size();
        Thread.sleep(2_500);
        assertThat(requests.size()).as("polls after the cancelled wait settled").isEqualTo(polls);
    }

    @Test
    void withoutAKeyringTheCacheFallsBackToAFileOnlyTheUserMayRead() throws Exception {
        TokenCacheStore.Opened cache = TokenCacheStore.open(dataDir.resolve("entra"), "Linux", () -> false);

        assertThat(cache.protection()).isEqualTo(TokenCacheStore.Protection.USER_ONLY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void theConfigsReservedScopesAreLeftToMsal() {
        assertThat(MsalEntraSignIn.scopes(config())).isEmpty();
        assertThat(MsalEntraSignIn.scopes(new EntraSignInConfig(true, AUTHORITY, TENANT, CLIENT,
                List.of("openid", "api://familiar/.default")))).containsExactly("api://familiar/.default");
        assertThat(Map.of()).isEmpty();
    }
}
