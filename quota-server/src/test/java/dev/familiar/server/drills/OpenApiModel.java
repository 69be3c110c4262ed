package dev.familiar.server.drills;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parts of {@code /openapi.json} the fuzz drill is driven by: every operation with its parameters, request body
 * and documented responses, the error family of each operation, and the statuses the document allows on any
 * operation ({@code x-familiar-common-errors}). Immutable once read.
 */
final class OpenApiModel {
    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    static final String ENVELOPE_SCHEMA = "#/components/schemas/ErrorEnvelope";
    static final String PLAIN_SCHEMA = "#/components/schemas/PlainError";

    /** How an operation's errors look: the error envelope or the {@code 002} document's plain body. */
    enum ErrorFamily {
        ENVELOPE(ENVELOPE_SCHEMA), PLAIN(PLAIN_SCHEMA);

        final String schemaRef;

        ErrorFamily(String schemaRef) {
            this.schemaRef = schemaRef;
        }
    }

    record Param(String name, String in, boolean required, JsonNode schema) {
    }

    record Body(boolean required, List<String> mediaTypes, JsonNode schema) {
    }

    /** A documented response: its media types (empty for no content) and each one's schema (may be missing). */
    record Response(String status, Map<String, JsonNode> content) {
    }

    record Operation(String method, String path, String operationId, String tag, String access, List<Param> params,
                     Optional<Body> body, Map<String, Response> responses, ErrorFamily family) {
        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        List<Param> params(String in) {
            return params.stream().filter(p -> p.in().equals(in)).toList();
        }

        boolean isPublic() {
            return "public".equals(access);
        }
    }

    private final JsonNode document;
    private final List<Operation> operations;
    private final Set<Integer> commonStatuses;
    private final Set<Integer> beforeRouting;

    private OpenApiModel(JsonNode document, List<Operation> operations, Set<Integer> commonStatuses,
                         Set<Integer> beforeRouting) {
        this.document = document;
        this.operations = operations;
        this.commonStatuses = commonStatuses;
        this.beforeRouting = beforeRouting;
    }

    static OpenApiModel read(JsonNode document) {
        List<Operation> raw = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                raw.add(operation(document, path.getKey(), op.getKey(), op.getValue(), path.getValue()));
            }
        }));
        // An operation that documents no error of either family takes its tag's (the tag names the API family);
        // the envelope is the house default.
        Map<String, ErrorFamily> byTag = new LinkedHashMap<>();
        for (Operation op : raw) {
            if (op.family() != null) {
                byTag.putIfAbsent(op.tag(), op.family());
            }
        }
        List<Operation> operations = new ArrayList<>();
        for (Operation op : raw) {
            ErrorFamily family = op.family() != null ? op.family() : byTag.getOrDefault(op.tag(), ErrorFamily.ENVELOPE);
            operations.add(new Operation(op.method(), op.path(), op.operationId(), op.tag(), op.access(), op.params(),
                    op.body(), op.responses(), family));
        }
        Set<Integer> common = new TreeSet<>();
        document.path("x-familiar-common-errors").path("statuses").fieldNames()
                .forEachRemaining(s -> common.add(Integer.parseInt(s)));
        Set<Integer> beforeRouting = new TreeSet<>();
        document.path("x-familiar-common-errors").path("beforeRouting").forEach(s -> beforeRouting.add(s.asInt()));
        return new OpenApiModel(document, List.copyOf(operations), Collections.unmodifiableSet(common),
                Collections.unmodifiableSet(beforeRouting));
    }

    private static Operation operation(JsonNode document, String path, String method, JsonNode op, JsonNode pathItem) {
        List<Param> params = new ArrayList<>();
        List<JsonNode> declared = new ArrayList<>();
        pathItem.path("parameters").forEach(declared::add);
        op.path("parameters").forEach(declared::add);
        for (JsonNode p : declared) {
            JsonNode param = resolve(document, p);
            params.add(new Param(param.path("name").asText(), param.path("in").asText(),
                    param.path("required").asBoolean(false), param.path("schema")));
        }
        Optional<Body> body = Optional.empty();
        if (op.has("requestBody")) {
            JsonNode rb = resolve(document, op.path("requestBody"));
            List<String> types = new ArrayList<>();
            rb.path("content").fieldNames().forEachRemaining(types::add);
            JsonNode schema = types.isEmpty() ? null : rb.path("content").path(types.get(0)).path("schema");
            body = Optional.of(new Body(rb.path("required").asBoolean(false), List.copyOf(types), schema));
        }
        Map<String, Response> responses = new LinkedHashMap<>();
        ErrorFamily family = null;
        var it = op.path("responses").fields();
        while (it.hasNext()) {
            var entry = it.next();
            JsonNode response = resolve(document, entry.getValue());
            Map<String, JsonNode> content = new LinkedHashMap<>();
            response.path("content").fields().forEachRemaining(c -> content.put(c.getKey(), c.getValue().path("schema")));
            responses.put(entry.getKey(), new Response(entry.getKey(), content));
            if (family == null && entry.getKey().startsWith("4")) {
                JsonNode schema = content.get("application/json");
                String ref = schema == null ? "" : schema.path("$ref").asText("");
                if (ref.equals(ENVELOPE_SCHEMA)) {
                    family = ErrorFamily.ENVELOPE;
                } else if (ref.equals(PLAIN_SCHEMA)) {
                    family = ErrorFamily.PLAIN;
                }
            }
        }
        String tag = op.path("tags").path(0).asText("");
        return new Operation(method, path, op.path("operationId").asText(), tag, op.path("x-familiar-access").asText(),
                List.copyOf(params), body, Collections.unmodifiableMap(responses), family);
    }

    /** Follows a local {@code $ref} (repeatedly); other nodes come back as they are. */
    static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 20 && current != null && current.has("$ref"); i++) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    JsonNode resolve(JsonNode node) {
        return resolve(document, node);
    }

    JsonNode document() {
        return document;
    }

    List<Operation> operations() {
        return operations;
    }

    /** Statuses any operation may answer, in its family's error body. */
    Set<Integer> commonStatuses() {
        return commonStatuses;
    }

    /** Common statuses the HTTP layer may answer before the route (and so its family) is known. */
    Set<Integer> beforeRouting() {
        return beforeRouting;
    }

    /** The operation a method and a concrete (still percent-encoded) path address, when one does. */
    Optional<Operation> match(String method, String rawPath) {
        // Javalin ignores one trailing slash
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        String[] segments = path.split("/", -1);
        for (Operation op : operations) {
            if (!op.method().equalsIgnoreCase(method)) {
                continue;
            }
            String[] template = op.path().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < template.length && same; i++) {
                boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
                same = variable ? !segments[i].isEmpty() : template[i].equals(segments[i]);
            }
            if (same) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** Any operation on this path, for the family of a request whose method matches none. */
    Optional<Operation> anyOnPath(String rawPath) {
        for (String method : METHODS) {
            Optional<Operation> op = match(method, rawPath);
            if (op.isPresent()) {
                return op;
            }
        }
        return Optional.empty();
    }
}
