package dev.familiar.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.model.directory.MemberAddResult;
import dev.familiar.model.directory.MemberAddStatus;
import dev.familiar.model.directory.MemberRemoved;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.directory.graph.EntraTenant;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The server in Microsoft Entra mode, end to end: Entra settings (client secret) pointing at a local TLS token
 * endpoint and a fake Graph, the Graph adapter fetching its token from that endpoint with msal4j, and the directory
 * admin API driven through the console's typed client, every change checked in the fake Graph's own state.
 *
 * <p>The directory is the real {@code GraphDirectory} for these settings, handed in through the server's test seam
 * only so that it trusts the token endpoint's self-signed certificate and records Graph's Retry-After instead of
 * sleeping through it ({@code Directories.open} would build the same adapter with the JVM's trust store and a real
 * sleeper).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EntraModeServerTest {
    @TempDir
    static Path tempDir;
    static EntraTenant tenant;
    static FamiliarServer server;
    static Account admin;
    static FamiliarClient client;
    static ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void start() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        log = new ListAppender<>();
        log.setContext(context);
        log.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(log);
        tenant = new EntraTenant();
        server = TestServers.start(TestServers.config(tempDir).withEntra(tenant.settings()), Clock.systemUTC(),
                tenant.openDirectory(), GroupRoles.none());
        admin = new Identity(server).admin();
        client = FamiliarClient.connect(server.baseUrl()).withBearer(admin.token());
    }

    @AfterAll
    static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .detachAppender(log);
        log.stop();
        client.close();
        server.stop();
        tenant.close();
    }

    @Test
    @Order(99)
    void theServerLogNeverHoldsTheClientSecretOrTheAccessToken() {
        // everything logged since before the server started: msal4j's token call, Graph calls, the throttling above
        StringBuilder everything = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(log.list)) {
            everything.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                everything.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        assertThat(log.list).isNotEmpty();
        assertThat(tenant.requests("GET", ".*")).as("Graph was called with the token").isPositive();
        assertThat(everything.toString()).doesNotContain(EntraTenant.SECRET).doesNotContain(EntraTenant.ACCESS_TOKEN);
    }

    @Test
    @Order(1)
    void statusSaysEntraReachableAndReadinessHasTheDirectoryUp() {
        DirectoryStatus status = client.directory().status();

        assertThat(status.mode()).isEqualTo("entra");
        assertThat(status.dryRun()).isFalse();
        assertThat(status.reachable()).isTrue();
        assertThat(status.tenantId()).isEqualTo(tenant.settings().tenantId().orElseThrow());
        assertThat(status.graphUrl()).isEqualTo(tenant.graphUrl());

        Answer ready = HttpCalls.get(server.baseUrl() + "/health/ready");
        assertThat(ready.json().at("/checks/directory/status").asText()).as(ready.body()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void aGroupIsCreatedFilledListedThinnedAndDeletedInGraph() {
        String ada = tenant.addUser("Ada Lovelace", "ada@contoso.test");
        String grace = tenant.addUser("Grace Hopper", "grace@contoso.test");

        DirectoryGroup group = client.directory().create("Lab Crew", "Runs the prompt lab");
        assertThat(tenant.displayName(group.id())).contains("Lab Crew");
        assertThat(tenant.members(group.id())).contains(Set.of());

        AddMembersResult added = client.directory().addMembers(group.id(), null,
                List.of("ada@contoso.test", "GRACE@contoso.test", "nobody@contoso.test"));
        assertThat(added.results()).extracting(MemberAddResult::status)
                .containsExactly(MemberAddStatus.ADDED, MemberAddStatus.ADDED, MemberAddStatus.NOT_FOUND);
        assertThat(added.results().get(0).userId()).isEqualTo(ada);
        assertThat(added.results().get(1).userId()).isEqualTo(grace);
        assertThat(added.added()).isEqualTo(2);
        assertThat(added.failed()).isEqualTo(1);
        assertThat(tenant.members(group.id())).contains(Set.of(ada, grace));

        assertThat(client.directory().members(group.id(), null, null).items()).extracting(DirectoryUser::id)
                .containsExactly(ada, grace);

        MemberRemoved removed = client.directory().removeMember(group.id(), ada);
        assertThat(removed.memberId()).isEqualTo(ada);
        assertThat(tenant.members(group.id())).contains(Set.of(grace));
        assertThat(client.directory().members(group.id(), null, null).items()).extracting(DirectoryUser::id)
                .containsExactly(grace);

        client.directory().delete(group.id());
        assertThat(tenant.members(group.id())).isEmpty();
        assertThat(client.directory().groups("lab", null, null).items()).isEmpty();
    }

    @Test
    @Order(3)
    void aThrottlingGraphMakesTheGroupsRouteAnswer503WithRetryAfter() {
        int before = tenant.throttledCalls();
        int sleptBefore = tenant.sleeps().size();
        tenant.throttle(Optional.of(7));
        Answer answer;
        try {
            answer = HttpCalls.get(server.baseUrl() + "/api/admin/directory/groups", admin.bearer());
        } finally {
            tenant.throttle(Optional.empty());
        }

        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("7");
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        // the adapter retried (bounded) before giving up, waiting what Graph asked each time
        assertThat(tenant.throttledCalls() - before).isGreaterThan(1);
        assertThat(tenant.sleeps().subList(sleptBefore, tenant.sleeps().size())).isNotEmpty().allSatisfy(d -> assertThat(d.toSeconds()).isEqualTo(7));
        assertThat(answer.body()).doesNotContain(EntraTenant.SECRET).doesNotContain(EntraTenant.ACCESS_TOKEN);
    }
}
