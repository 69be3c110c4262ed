package dev.familiar.server.directory.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * A small stateful Microsoft Graph v1.0 (groups, members, users) answering with Graph's JSON shapes and errors, as
 * strict as Graph where it matters to us: {@code $search} and {@code $count} without {@code ConsistencyLevel: eventual}
 * are refused, more than 20 {@code members@odata.bind} are refused, a bind of an existing member fails the whole
 * request with "One or more added object references already exist", every request needs the bearer token.
 * Scripted faults ({@link #failNext}) answer before the state does. Thread-safe.
 */
final class FakeGraph extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GROUP = Pattern.compile("/v1\\.0/groups/([^/]+)");
    private static final Pattern MEMBERS_REF = Pattern.compile("/v1\\.0/groups/([^/]+)/members/\\$ref");
    private static final Pattern MEMBER_REF = Pattern.compile("/v1\\.0/groups/([^/]+)/members/([^/]+)/\\$ref");
    private static final Pattern MEMBER_COUNT = Pattern.compile("/v1\\.0/groups/([^/]+)/members/\\$count");
    private static final Pattern MEMBER_USERS = Pattern.compile("/v1\\.0/groups/([^/]+)/members/(?:microsoft\\.)?graph\\.user");
    private static final Pattern USER = Pattern.compile("/v1\\.0/users/([^/]+)");
    private static final Pattern TRANSITIVE = Pattern.compile("/v1\\.0/users/([^/]+)/transitiveMemberOf/(?:microsoft\\.)?graph\\.group");
    private static final Pattern SEARCH_CLAUSE = Pattern.compile("\"(\\w+):((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FILTER_EQ = Pattern.compile("(\\w+) eq '((?:[^']|'')*)'");

    record FakeGroup(String id, String displayName, String description, Set<String> members) {}

    record FakeUser(String id, String displayName, String mail, String upn) {}

    private record Fault(Predicate<RecordedRequest> when, MockResponse answer) {}

    private final String token;
    private final Map<String, FakeGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, FakeUser> users = new ConcurrentHashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();

    FakeGraph(String token) {
        this.token = token;
    }

    // ---- state ----

    FakeGroup addGroup(String displayName, String description) {
        String id = UUID.nameUUIDFromBytes(("group:" + displayName).getBytes(StandardCharsets.UTF_8)).toString();
        FakeGroup group = new FakeGroup(id, displayName, description, ConcurrentHashMap.newKeySet());
        groups.put(id, group);
        return group;
    }

    FakeUser addUser(String displayName, String mail) {
        String id = UUID.nameUUIDFromBytes(("user:" + displayName).getBytes(StandardCharsets.UTF_8)).toString();
        FakeUser user = new FakeUser(id, displayName, mail,
                (mail == null ? displayName.replace(' ', '.') + "@contoso.test" : mail).toLowerCase(Locale.ROOT));
        users.put(id, user);
        return user;
    }

    FakeGroup group(String id) {
        return groups.get(id);
    }

    /** The next request matching {@code when} gets {@code answer} instead (once). */
    synchronized void failNext(Predicate<RecordedRequest> when, MockResponse answer) {
        faults.addLast(new Fault(when, answer));
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized List<RecordedRequest> requests(String method, String pathRegex) {
        return requests.stream().filter(r -> r.getMethod().equals(method)
                && r.getUrl().encodedPath().matches(pathRegex)).toList();
    }

    static MockResponse error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject("innerError");
        inner.put("date", "2026-01-01T00:00:00");
        inner.put("request-id", UUID.randomUUID().toString());
        inner.put("client-request-id", UUID.randomUUID().toString());
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body.toString())
                .build();
    }

    // ---- dispatch ----

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (this) {
            requests.add(request);
            if (!("Bearer " + token).equals(request.getHeaders().get("Authorization"))) {
                return error(401, "InvalidAuthenticationToken", "Access token is empty.");
            }
            for (var it = faults.iterator(); it.hasNext(); ) {
                Fault fault = it.next();
                if (fault.when().test(request)) {
                    it.remove();
                    return fault.answer();
                }
            }
        }
        try {
            return route(request);
        } catch (RuntimeException e) {
            return error(500, "generalException", "fake failed: " + e);
        }
    }

    private MockResponse route(RecordedRequest request) throws RuntimeException {
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        String method = request.getMethod();
        Matcher m;
        if (url.queryParameter("$search") != null || url.queryParameter("$count") != null) {
            if (!"eventual".equals(request.getHeaders().get("ConsistencyLevel"))) {
                return error(400, "Request_UnsupportedQuery", "Request with $search query parameter only works through "
                        + "MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }
        }
        if (path.equals("/v1.0/groups") && method.equals("GET")) {
            String search = url.queryParameter("$search");
            List<FakeGroup> rows = groups.values().stream()
                    .filter(g -> search == null || matchesSearch(search, Map.of("displayName", g.displayName())))
                    .sorted(Comparator.comparing(FakeGroup::displayName).thenComparing(FakeGroup::id)).toList();
            return page(url, rows, this::groupJson);
        }
        if (path.equals("/v1.0/groups") && method.equals("POST")) {
            JsonNode body = body(request);
            String id = UUID.randomUUID().toString();
            FakeGroup group = new FakeGroup(id, body.path("displayName").asText(),
                    body.path("description").isTextual() ? body.path("description").asText() : null,
                    ConcurrentHashMap.newKeySet());
            if (!body.path("mailNickname").isTextual() || !body.path("securityEnabled").asBoolean()) {
                return error(400, "Request_BadRequest", "A value is required for property 'mailNickname' of resource 'Group'.");
            }
            groups.put(id, group);
            return json(201, groupJson(group));
        }
        if ((m = MEMBER_COUNT.matcher(path)).matches() && method.equals("GET")) {
            if (!"eventual".equals(request.getHeaders().get("ConsistencyLevel"))) {
                return error(400, "Request_BadRequest", "Count is not currently supported.");
            }
            FakeGroup group = groups.get(m.group(1));
            return group == null ? notFound(m.group(1))
                    : new MockResponse.Builder().addHeader("Content-Type", "text/plain").body(
                            String.valueOf(group.members().size())).build();
        }
        if ((m = MEMBERS_REF.matcher(path)).matches() && method.equals("POST")) {
            FakeGroup group = groups.get(m.group(1));
            if (group == null) {
                return notFound(m.group(1));
            }
            String ref = body(request).path("@odata.id").asText();
            String userId = ref.substring(ref.lastIndexOf('/') + 1);
            if (!users.containsKey(userId)) {
                return notFound(userId);
            }
            if (!group.members().add(userId)) {
                return error(400, "Request_BadRequest", "One or more added object references already exist for the "
                        + "following modified properties: 'members'.");
            }
            return new MockResponse.Builder().code(204).build();
        }
        if ((m = MEMBER_REF.matcher(path)).matches() && method.equals("DELETE")) {
            FakeGroup group = groups.get(m.group(1));
            if (group == null) {
                return notFound(m.group(1));
            }
            if (!group.members().remove(m.group(2))) {
                return error(404, "Request_ResourceNotFound", "One or more removed object references do not exist for "
                        + "the following modified properties: 'members'.");
            }
            return new MockResponse.Builder().code(204).build();
        }
        if ((m = MEMBER_USERS.matcher(path)).matches() && method.equals("GET")) {
            FakeGroup group = groups.get(m.group(1));
            if (group == null) {
                return notFound(m.group(1));
            }
            List<FakeUser> rows = group.members().stream().map(users::get).filter(u -> u != null)
                    .sorted(Comparator.comparing(FakeUser::displayName)).toList();
            return page(url, rows, FakeGraph::userJson);
        }
        if ((m = GROUP.matcher(path)).matches()) {
            FakeGroup group = groups.get(m.group(1));
            if (group == null) {
                return notFound(m.group(1));
            }
            switch (method) {
                case "GET":
                    return json(200, groupJson(group));
                case "DELETE":
                    groups.remove(group.id());
                    return new MockResponse.Builder().code(204).build();
                case "PATCH":
                    return patch(group, body(request));
                default:
                    break;
            }
        }
        if (path.equals("/v1.0/users") && method.equals("GET")) {
            String filter = url.queryParameter("$filter");
            String search = url.queryParameter("$search");
            List<FakeUser> rows = users.values().stream()
                    .filter(u -> matchesSearch(search, Map.of("displayName", u.displayName(),
                            "mail", u.mail() == null ? "" : u.mail())))
                    .filter(u -> filter == null || matchesFilter(filter, u))
                    .sorted(Comparator.comparing(FakeUser::displayName)).toList();
            return page(url, rows, FakeGraph::userJson);
        }
        if ((m = TRANSITIVE.matcher(path)).matches() && method.equals("GET")) {
            String userId = m.group(1);
            if (!users.containsKey(userId)) {
                return notFound(userId);
            }
            List<FakeGroup> rows = groups.values().stream().filter(g -> g.members().contains(userId))
                    .sorted(Comparator.comparing(FakeGroup::id)).toList();
            return page(url, rows, g -> {
                ObjectNode row = JSON.createObjectNode();
                row.put("@odata.type", "#microsoft.graph.group");
                row.put("id", g.id());
                return row;
            });
        }
        if ((m = USER.matcher(path)).matches() && method.equals("GET")) {
            FakeUser user = users.get(m.group(1));
            return user == null ? notFound(m.group(1)) : json(200, userJson(user));
        }
        return error(400, "BadRequest", "Resource not found for the segment '" + path + "'.");
    }

    private MockResponse patch(FakeGroup group, JsonNode body) {
        JsonNode binds = body.path("members@odata.bind");
        if (binds.isArray()) {
            if (binds.size() > 20) {
                return error(400, "Request_BadRequest", "The request exceeded the max number of 20 references.");
            }
            Set<String> ids = new LinkedHashSet<>();
            for (JsonNode bind : binds) {
                String ref = bind.asText();
                ids.add(ref.substring(ref.lastIndexOf('/') + 1));
            }
            for (String id : ids) {
                if (!users.containsKey(id)) {
                    return notFound(id);
                }
            }
            for (String id : ids) {
                if (group.members().contains(id)) {
                    return error(400, "Request_BadRequest", "One or more added object references already exist for "
                            + "the following modified properties: 'members'.");
                }
            }
            group.members().addAll(ids);
        }
        String name = body.has("displayName") ? body.get("displayName").asText() : group.displayName();
        String description = body.has("description")
                ? (body.get("description").isNull() ? null : body.get("description").asText()) : group.description();
        groups.put(group.id(), new FakeGroup(group.id(), name, description, group.members()));
        return new MockResponse.Builder().code(204).build();
    }

    private <T> MockResponse page(HttpUrl url, List<T> items, java.util.function.Function<T, ObjectNode> json) {
        List<T> rows = items;
        String top = url.queryParameter("$top");
        int size = top == null ? 100 : Integer.parseInt(top);
        String skip = url.queryParameter("$skiptoken");
        int from = skip == null ? 0 : Integer.parseInt(new String(Base64.getDecoder().decode(skip.substring(2)),
                StandardCharsets.UTF_8).substring("offset:".length()));
        ObjectNode body = JSON.createObjectNode();
        body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#directoryObjects");
        if ("true".equals(url.queryParameter("$count"))) {
            body.put("@odata.count", rows.size());
        }
        int to = Math.min(rows.size(), from + size);
        if (to < rows.size()) {
            String token = "RF" + Base64.getEncoder().encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8));
            // Graph's next link: the request's own query (names as Graph writes them, with '$') and a new $skiptoken
            HttpUrl.Builder next = url.newBuilder().query(null);
            for (int i = 0; i < url.querySize(); i++) {
                if (!url.queryParameterName(i).equals("$skiptoken")) {
                    next.addQueryParameter(url.queryParameterName(i), url.queryParameterValue(i));
                }
            }
            body.put("@odata.nextLink", next.addQueryParameter("$skiptoken", token).build().toString());
        }
        ArrayNode value = body.putArray("value");
        rows.subList(from, to).stream().map(json).forEach(value::add);
        return json(200, body);
    }

    private ObjectNode groupJson(FakeGroup g) {
        ObjectNode row = JSON.createObjectNode();
        row.put("id", g.id());
        row.put("displayName", g.displayName());
        if (g.description() == null) {
            row.putNull("description");
        } else {
            row.put("description", g.description());
        }
        return row;
    }

    private static ObjectNode userJson(FakeUser u) {
        ObjectNode row = JSON.createObjectNode();
        row.put("@odata.type", "#microsoft.graph.user");
        row.put("id", u.id());
        row.put("displayName", u.displayName());
        if (u.mail() == null) {
            row.putNull("mail");
        } else {
            row.put("mail", u.mail());
        }
        row.put("userPrincipalName", u.upn());
        return row;
    }

    private static boolean matchesSearch(String search, Map<String, String> fields) {
        if (search == null) {
            return true;
        }
        Matcher clause = SEARCH_CLAUSE.matcher(search);
        while (clause.find()) {
            String value = fields.get(clause.group(1));
            String term = clause.group(2).replace("\\\"", "\"").replace("\\\\", "\\").toLowerCase(Locale.ROOT);
            if (value != null) {
                for (String word : value.toLowerCase(Locale.ROOT).split("[\\s@._-]+")) {
                    if (word.startsWith(term)) {
                        return true;
                    }
                }
                if (value.toLowerCase(Locale.ROOT).startsWith(term)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesFilter(String filter, FakeUser user) {
        Matcher eq = FILTER_EQ.matcher(filter);
        while (eq.find()) {
            String value = eq.group(2).replace("''", "'");
            String field = switch (eq.group(1)) {
                case "mail" -> user.mail();
                case "userPrincipalName" -> user.upn();
                default -> null;
            };
            if (field != null && field.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MockResponse notFound(String id) {
        return error(404, "Request_ResourceNotFound", "Resource '" + id + "' does not exist or one of its queried "
                + "reference-property objects are not present.");
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse.Builder().code(status).headers(Headers.of("Content-Type",
                "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"))
                .body(body.toString()).build();
    }
}
