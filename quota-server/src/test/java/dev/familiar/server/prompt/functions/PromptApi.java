package dev.familiar.server.prompt.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.auth.Role;
import java.util.Map;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Test helper: the prompt-function routes of one server called over HTTP as a given account. */
final class PromptApi {
    static final String PLATFORM_TENANT = "00000000-0000-0000-0000-000000000001";

    private final FamiliarServer server;
    private final Identity identity;

    PromptApi(FamiliarServer server) {
        this.server = server;
        this.identity = new Identity(server);
    }

    Identity identity() {
        return identity;
    }

    /** A new user of the platform tenant holding {@code roles} (besides USER). */
    Account user(String prefix, Role... roles) throws Exception {
        return identity.userInTenant(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), PLATFORM_TENANT, roles);
    }

    Answer call(Account who, String method, String path, String body) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + path);
        if (who != null) {
            who.bearer().forEach(b::header);
        }
        boolean write = !"GET".equals(method) && !"DELETE".equals(method);
        b.method(method, body != null ? RequestBody.create(body, HttpCalls.JSON)
                : write ? RequestBody.create(new byte[0]) : null);
        return HttpCalls.call(b.build());
    }

    Answer get(Account who, String path) {
        return call(who, "GET", path, null);
    }

    Answer post(Account who, String path, String body) {
        return call(who, "POST", path, body);
    }

    /** Creates a function and answers its name. */
    String function(Account who, String name) {
        Answer a = post(who, "/api/admin/prompt-functions", "{\"name\":\"" + name + "\",\"description\":\"" + name + " for tests\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return name;
    }

    /** Creates the next version ({@code parameters} and {@code settings} as JSON text) and answers its data. */
    JsonNode version(Account who, String function, String template, String parameters, String settings) {
        Answer a = post(who, "/api/admin/prompt-functions/" + function + "/versions", "{\"template\":" + quote(template)
                + ",\"parameters\":" + parameters + (settings == null ? "" : ",\"settings\":" + settings) + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().path("data");
    }

    Answer deploy(Account who, String function, int version, int major) {
        return post(who, "/api/admin/prompt-functions/" + function + "/deployments",
                "{\"version\":" + version + ",\"major\":" + major + "}");
    }

    Answer approve(Account who, String function, String deploymentId) {
        return post(who, "/api/admin/prompt-functions/" + function + "/deployments/" + deploymentId + "/approve", null);
    }

    Answer rollback(Account who, String function, int major) {
        return post(who, "/api/admin/prompt-functions/" + function + "/rollback", "{\"major\":" + major + "}");
    }

    Answer invoke(Account who, String function, int major, String parameters) {
        return post(who, "/api/v1/functions/" + function + "/invoke", "{\"major\":" + major + ",\"parameters\":" + parameters + "}");
    }

    Answer invoke(Map<String, String> headers, String function, String body) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/functions/" + function + "/invoke", body, headers);
    }

    static String quote(String text) {
        try {
            return dev.familiar.model.api.Json.newMapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
