package dev.familiar.server.directory.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.familiar.server.directory.DirectoryException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * msal4j's client-credentials flow against a local token endpoint (TLS, as msal4j demands), the token it obtains on
 * the Graph request, and no secret or token in any log line (everything at DEBUG, before any redaction) or message.
 */
class GraphAuthenticationTest {
    private static final List<String> LOUD = List.of("ROOT", "com.microsoft", "com.azure", "okhttp3",
            "dev.familiar.server.directory");

    private GraphRig rig;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Map<String, Level> levels = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (String name : LOUD) {
            Logger logger = context.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        log.setContext(context);
        log.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(log);
        rig = new GraphRig();
    }

    @AfterEach
    void stop() {
        rig.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(log);
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    @Test
    void aClientSecretBuysATokenThatGraphRequestsCarry() throws Exception {
        GraphDirectory directory = rig.open();
        rig.graph.addGroup("Prompt Engineers", null);

        directory.groups(null, null, 10);

        List<RecordedRequest> tokenRequests = tokenRequests();
        assertThat(tokenRequests).hasSize(1);
        Map<String, String> form = form(tokenRequests.get(0));
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", GraphRig.CLIENT)
                .containsEntry("client_secret", GraphRig.SECRET);
        // the scope is the Graph URL's origin + /.default (msal4j adds its standard OIDC scopes beside it)
        assertThat(form.get("scope").split(" "))
                .contains("http://localhost:" + rig.graphServer.getPort() + "/.default");
        assertThat(rig.graph.requests()).isNotEmpty().allSatisfy(r ->
                assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + GraphRig.TOKEN));
    }

    @Test
    void msalAsksTheLocalAuthorityForNothingButTheToken() throws Exception {
        rig.open().probe();

        assertThat(rig.authorityRequests()).extracting(r -> r.getMethod() + " " + r.getUrl().encodedPath())
                .containsExactly("POST /" + GraphRig.TENANT + "/oauth2/v2.0/token");
    }

    @Test
    void theAppTokenIsCachedAcrossCalls() throws Exception {
        GraphDirectory directory = rig.open();
        for (int i = 0; i < 5; i++) {
            rig.graph.addGroup("G" + i, null);
        }

        directory.groups(null, null, 10);
        directory.probe();
        directory.searchUsers("a", 5);

        assertThat(tokenRequests()).hasSize(1);
        assertThat(rig.graph.requests()).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void aCertificateSignsAClientAssertionInsteadOfASecret() throws Exception {
        GraphDirectory directory = rig.open(rig.certificateSettings());

        assertThat(directory.probe().reachable()).isTrue();

        Map<String, String> form = form(tokenRequests().get(0));
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .containsKey("client_assertion").doesNotContainKey("client_secret");
        assertThat(form.get("client_assertion").split("\\.")).hasSize(3);
    }

    @Test
    void aRefusedSecretIsDeniedWithoutTheSecretInTheMessage() {
        rig.answerTokenRequests(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret "
                        + "provided. Ensure the secret being sent in the request is the client secret value, not the "
                        + "client secret ID.\",\"error_codes\":[7000215],\"timestamp\":\"2026-03-01 09:00:00Z\","
                        + "\"trace_id\":\"0c3f\",\"correlation_id\":\"9a1b\"}").build());
        GraphDirectory directory = rig.open();

        DirectoryException e = catchThrowableOfType(DirectoryException.class, () -> directory.groups(null, null, 10));

        assertThat(e.kind()).isEqualTo(DirectoryException.Kind.DENIED);
        assertThat(e.getMessage()).contains("invalid_client", "AADSTS7000215").doesNotContain(GraphRig.SECRET);
        assertThat(rig.graph.requests()).isEmpty();
        assertThat(directory.probe().reachable()).isFalse();
    }

    @Test
    void noSecretAndNoTokenInAnyLogLineOrMessage() throws Exception {
        GraphDirectory directory = rig.open();
        rig.graph.addGroup("Prompt Engineers", null);
        rig.graph.failNext(r -> true, FakeGraph.error(403, "Authorization_RequestDenied", "Insufficient privileges."));
        List<String> messages = new ArrayList<>();

        messages.add(catchThrowableOfType(DirectoryException.class, () -> directory.groups(null, null, 10)).getMessage());
        directory.groups(null, null, 10);
        directory.create("Billing Admins", Optional.empty());
        messages.add(directory.probe().detail());
        rig.graphServer.close();
        messages.add(directory.probe().detail());
        messages.add(catchThrowableOfType(DirectoryException.class, () -> directory.groups("x", null, 10)).getMessage());

        List<String> lines = new ArrayList<>(messages);
        for (ILoggingEvent event : log.list) {
            lines.add(event.getFormattedMessage());
            lines.add(String.valueOf(event.getMDCPropertyMap()));
            lines.add(String.valueOf(event.getKeyValuePairs()));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        assertThat(log.list).isNotEmpty();
        assertThat(lines).noneMatch(line -> line != null
                && (line.contains(GraphRig.SECRET) || line.contains(GraphRig.TOKEN)));
    }

    private List<RecordedRequest> tokenRequests() {
        return rig.authorityRequests().stream()
                .filter(r -> r.getUrl().encodedPath().endsWith("/oauth2/v2.0/token")).toList();
    }

    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new HashMap<>();
        for (String pair : request.getBody().utf8().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }
}
