package dev.familiar.server.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.audit.AuditEntryView;
import dev.familiar.model.audit.AuditFilter;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.RouteTables;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.RouteTable;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Every admin action of every area lands in the audit log", checked mechanically against the route table:
 * <ol>
 *   <li>every state-changing operation (not GET) that demands ADMIN, TENANT_ADMIN, BILLING_ADMIN or PROMPT_ENGINEER
 *   is in {@link #ACTIONS} with the audit action it records; a new admin route fails here until it is added (and
 *   audited), and an entry for a route that no longer exists fails too;</li>
 *   <li>the action's name is written by the code of the package whose route module registers the operation (the
 *   handler's class), so a mapping cannot name an action nothing in that area records;</li>
 *   <li>a sample of the operations (one or more per area that needs no payment provider or LLM) is driven over HTTP
 *   and the entry is read back through {@code GET /api/admin/audit}.</li>
 * </ol>
 * The second point is a source check, not a run: the full runs of the other operations are in their areas' tests.
 */
class AdminActionsAuditedTest {
    static final Set<Access.Level> ADMIN_LEVELS = EnumSet.of(Access.Level.ADMIN, Access.Level.TENANT_ADMIN,
            Access.Level.BILLING_ADMIN, Access.Level.PROMPT_ENGINEER);

    /** Operation → the action it records (several: any of them, separated by {@code |}). */
    static final Map<String, String> ACTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("POST /api/admin/users/invitations", "user.invite"),
            Map.entry("POST /api/admin/users/{id}/password-reset", "user.password_reset.issue"),
            Map.entry("PATCH /api/admin/users/{id}", "user.roles.change|user.lock|user.unlock"),
            Map.entry("DELETE /api/admin/users/{id}", "user.delete"),
            Map.entry("POST /api/admin/signing-keys/rotate", "signing_key.rotate"),
            Map.entry("POST /api/admin/activation-codes", "activation_code.mint"),
            Map.entry("POST /api/admin/tenants", "tenant.create"),
            Map.entry("POST /api/admin/quotas/reset", "quota.reset"),
            Map.entry("PUT /api/admin/catalog/plans/{code}", "catalog.plan.save"),
            Map.entry("POST /api/admin/catalog/plans/{code}/archive", "catalog.plan.archive"),
            Map.entry("DELETE /api/admin/catalog/plans/{code}/archive", "catalog.plan.unarchive"),
            Map.entry("POST /api/plans/upgrade", "billing.plan.upgrade"),
            Map.entry("POST /api/plans/downgrade", "billing.plan.downgrade"),
            Map.entry("DELETE /api/plans/downgrade", "billing.plan.downgrade.withdraw"),
            Map.entry("POST /api/payments/setup", "billing.payment_method.setup"),
            Map.entry("POST /api/payments/portal", "billing.portal"),
            Map.entry("POST /api/admin/webhooks/replay", "billing.webhooks.replay"),
            Map.entry("POST /api/admin/billing/{orgId}/pause", "billing.subscription.pause"),
            Map.entry("POST /api/admin/billing/{orgId}/resume", "billing.subscription.resume"),
            Map.entry("POST /api/admin/billing/{orgId}/discontinue", "billing.subscription.discontinue"),
            Map.entry("DELETE /api/admin/billing/{orgId}/discontinue", "billing.subscription.discontinue.undo"),
            Map.entry("POST /api/admin/billing/{orgId}/cancel", "billing.subscription.cancel_now"),
            Map.entry("POST /api/admin/billing/{orgId}/renew", "billing.subscription.renew"),
            Map.entry("PUT /api/admin/directory/role-mappings", "directory.role-mappings.replace"),
            Map.entry("POST /api/admin/directory/groups", "directory.group.create"),
            Map.entry("PATCH /api/admin/directory/groups/{id}", "directory.group.update"),
            Map.entry("DELETE /api/admin/directory/groups/{id}", "directory.group.delete"),
            Map.entry("POST /api/admin/directory/groups/{id}/members", "directory.member.add"),
            Map.entry("DELETE /api/admin/directory/groups/{id}/members/{memberId}", "directory.member.remove"),
            Map.entry("POST /api/v1/tokens/quota/org", "tokens.quota.org"),
            Map.entry("POST /api/v1/tokens/tier", "tokens.tier"),
            Map.entry("PUT /api/admin/tokens/tiers", "tokens.tiers.update"),
            Map.entry("PUT /api/admin/tokens/tiers/{name}", "tokens.tiers.update"),
            Map.entry("PUT /api/admin/tokens/tenant-limits/{tenantId}", "tokens.tenant-limit.update"),
            Map.entry("DELETE /api/admin/tokens/tenant-limits/{tenantId}", "tokens.tenant-limit.remove"),
            Map.entry("PUT /api/admin/tokens/org-quotas/{orgId}/{provider}", "tokens.org-quota.update"),
            Map.entry("POST /api/admin/prompt-functions", "prompt.function.create"),
            Map.entry("POST /api/admin/prompt-functions/import", "prompt.function.import"),
            Map.entry("POST /api/admin/prompt-functions/{name}/versions", "prompt.version.create"),
            Map.entry("POST /api/admin/prompt-functions/{name}/deployments", "prompt.deployment.request"),
            Map.entry("POST /api/admin/prompt-functions/{name}/deployments/{id}/approve", "prompt.deployment.approve"),
            Map.entry("POST /api/admin/prompt-functions/{name}/deployments/{id}/reject", "prompt.deployment.reject"),
            Map.entry("POST /api/admin/prompt-functions/{name}/rollback", "prompt.deployment.rollback"),
            Map.entry("PUT /api/admin/prompt-lab/data-sets/{name}", "prompt.dataset.create|prompt.dataset.replace"),
            Map.entry("DELETE /api/admin/prompt-lab/data-sets/{name}", "prompt.dataset.delete"),
            Map.entry("POST /api/admin/prompt-lab/batches", "prompt.batch.start"),
            Map.entry("POST /api/admin/prompt-lab/batches/{id}/cancel", "prompt.batch.cancel"),
            Map.entry("POST /api/admin/prompt-lab/iterations", "prompt.iteration.run"),
            Map.entry("PUT /api/admin/prompt-lab/budgets/{scope}/{subject}", "prompt.budget.set")));

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Identity.Account admin;
    static FamiliarClient client;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
        admin = identity.admin();
        client = FamiliarClient.connect(server.baseUrl()).withBearer(admin.token());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
    }

    static List<RouteTable.Route> adminWrites() {
        return RouteTables.of(server).routes().stream().filter(r -> r.method() != HandlerType.GET
                && ADMIN_LEVELS.contains(r.access().level())).toList();
    }

    static String name(RouteTable.Route route) {
        return route.method().name() + " " + route.path();
    }

    @Test
    void everyStateChangingAdminOperationIsMappedToItsAuditAction() {
        Set<String> operations = new TreeSet<>();
        adminWrites().forEach(r -> operations.add(name(r)));
        assertThat(operations).as("admin operations of the route table (add new ones to ACTIONS once they are audited)")
                .isEqualTo(ACTIONS.keySet());
    }

    @Test
    void eachMappedActionIsRecordedByTheAreaThatRegistersTheOperation() {
        Map<String, String> missing = new TreeMap<>();
        for (RouteTable.Route route : adminWrites()) {
            String actions = ACTIONS.get(name(route));
            if (actions == null) {
                continue;
            }
            String handlerClass = route.handler().getClass().getName().split("\\$\\$")[0].split("\\$")[0];
            String pkg = handlerClass.substring(0, handlerClass.lastIndexOf('.'));
            String source = sourceOf(Path.of("src/main/java", pkg.replace('.', '/')));
            for (String action : actions.split("\\|")) {
                if (!source.contains("\"" + action + "\"")) {
                    missing.put(name(route) + " -> " + action, pkg);
                }
            }
        }
        assertThat(missing).as("actions not written by the package that registers the operation").isEmpty();
    }

    static String sourceOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries recorded with {@code action} so far. */
    static List<AuditEntryView> entries(String action) {
        return client.audit().page(new AuditFilter(null, action, null, null, null), null, 500).items();
    }

    static Answer call(String method, String path, String json) {
        RequestBody body = json == null ? null : RequestBody.create(json, HttpCalls.JSON);
        return HttpCalls.call(new Request.Builder().url(server.baseUrl() + path)
                .headers(okhttp3.Headers.of(admin.bearer())).method(method, body).build());
    }

    /** Drives {@code operation} (which must be in ACTIONS) and checks one more entry of its action, by this admin. */
    static Answer drive(String operation, String path, String json, int status) {
        String action = ACTIONS.get(operation).split("\\|")[0];
        int before = entries(action).size();
        Answer answer = call(operation.substring(0, operation.indexOf(' ')), path, json);
        assertThat(answer.status()).as(operation + ": " + answer.body()).isEqualTo(status);
        List<AuditEntryView> after = entries(action);
        assertThat(after).as(operation + " records " + action).hasSize(before + 1);
        assertThat(after.get(0).actor()).isEqualTo(admin.userId());
        assertThat(after.get(0).outcome()).isEqualTo("SUCCESS");
        return answer;
    }

    @Test
    void aSampleOfAdminOperationsDrivenOverHttpLandsInTheAuditLog() {
        String orgId = drive("POST /api/admin/tenants", "/api/admin/tenants",
                "{\"name\":\"Audited Org\",\"planCode\":\"starter\",\"trialDays\":0}", 201).json().at("/data/orgId").asText();
        drive("POST /api/admin/activation-codes", "/api/admin/activation-codes",
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"plugin.example.com\"}", 201);
        drive("POST /api/admin/signing-keys/rotate", "/api/admin/signing-keys/rotate", "{}", 200);
        drive("POST /api/admin/quotas/reset", "/api/admin/quotas/reset", "{}", 200);
        drive("POST /api/admin/users/invitations", "/api/admin/users/invitations",
                "{\"email\":\"audited@example.com\",\"roles\":[\"USER\"]}", 201);
        String group = drive("POST /api/admin/directory/groups", "/api/admin/directory/groups",
                "{\"displayName\":\"Audited group\"}", 201).json().at("/data/id").asText();
        drive("PATCH /api/admin/directory/groups/{id}", "/api/admin/directory/groups/" + group,
                "{\"description\":\"changed\"}", 200);
        drive("DELETE /api/admin/directory/groups/{id}", "/api/admin/directory/groups/" + group, null, 200);
    }
}
