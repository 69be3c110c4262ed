package dev.familiar.server.llm.settings;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;

/** HTTP calls of the token-settings tests (PUT and DELETE beside {@link HttpCalls}' GET and POST). */
final class TokenSettingsCalls {
    static final String BASE = "/api/admin/tokens";

    private TokenSettingsCalls() {
    }

    static Answer get(FamiliarServer server, String path, Account as) {
        return HttpCalls.get(server.baseUrl() + BASE + path, as.bearer());
    }

    static Answer put(FamiliarServer server, String path, String json, Account as) {
        return send(server, path, "PUT", json, as.bearer());
    }

    static Answer delete(FamiliarServer server, String path, Account as) {
        return send(server, path, "DELETE", null, as.bearer());
    }

    static Answer send(FamiliarServer server, String path, String method, String json, Map<String, String> headers) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + BASE + path)
                .method(method, json == null ? null : RequestBody.create(json, HttpCalls.JSON));
        headers.forEach(b::header);
        return HttpCalls.call(b.build());
    }

    /** Consumes {@code tokens} from {@code openai} as {@code user} (a plain consume: the user's own quota). */
    static Answer consume(FamiliarServer server, Account user, long tokens) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/tokens/consume", "{\"userId\":\"" + user.userId()
                + "\",\"provider\":\"openai\",\"tokens\":" + tokens + "}", user.bearer());
    }

    /** Puts {@code user} on {@code tier} (the 002 tier route, as ADMIN). */
    static void tier(FamiliarServer server, Account admin, Account user, String tier) {
        Answer a = HttpCalls.post(server.baseUrl() + "/api/v1/tokens/tier", "{\"userId\":\"" + user.userId()
                + "\",\"tier\":\"" + tier + "\"}", admin.bearer());
        if (a.status() != 200) {
            throw new AssertionError("set tier: " + a.status() + " " + a.body());
        }
    }

    /** A new tenant (organisation) created by the admin API; answers its id. */
    static String tenant(FamiliarServer server, Account admin, String name) {
        Answer a = HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"" + name
                + "\",\"planCode\":\"pro\"}", admin.bearer());
        if (a.status() != 201) {
            throw new AssertionError("create tenant: " + a.status() + " " + a.body());
        }
        return a.json().at("/data/orgId").asText();
    }
}
