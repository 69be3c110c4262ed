package dev.familiar.server.drills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.drills.FuzzJson.Obj;
import dev.familiar.server.drills.FuzzJson.Raw;
import dev.familiar.server.drills.FuzzRequest.Intent;
import dev.familiar.server.drills.FuzzWorld.Credential;
import dev.familiar.server.drills.Mutations.ContentType;
import dev.familiar.server.drills.Mutations.Kind;
import dev.familiar.server.drills.Mutations.Mutation;
import dev.familiar.server.drills.OpenApiModel.Operation;
import dev.familiar.server.drills.OpenApiModel.Param;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Requests for every operation of the document: a caller of each kind (or none, or a forged one), valid-ish
 * parameters and body from the operation's schemas ({@link SchemaValues}), then at most one {@link Mutation}.
 * Operations are drawn with equal weight, so a run of N requests gives each of them about N / 57.
 */
final class RequestArbitraries {
    private final OpenApiModel model;
    private final FuzzWorld world;
    private final SchemaValues values;

    RequestArbitraries(OpenApiModel model, FuzzWorld world) {
        this.model = model;
        this.world = world;
        this.values = new SchemaValues(model, world);
    }

    /**
     * Operations whose calls cost far more than the others: a 600,000-round PBKDF2 (about half a second of a core)
     * for every well-formed registration or login, and the whole Prometheus exposition for /metrics. Drawn a tenth
     * as often as the others, so a run stays within minutes; they still get a few dozen requests a run.
     */
    private static final Set<String> COSTLY = Set.of("POST /api/v1/auth/login", "POST /api/v1/auth/register",
            "GET /metrics");

    Arbitrary<FuzzRequest> requests() {
        List<Operation> operations = model.operations();
        List<Tuple2<Integer, Integer>> weighted = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            weighted.add(Tuple.of(COSTLY.contains(operations.get(i).name()) ? 1 : 10, i));
        }
        List<Arbitrary<FuzzRequest>> perOperation = operations.stream().map(this::forOperation).toList();
        // No edge cases for the choice of operation, caller and mutation kind: jqwik's edge cases favour the first
        // alternative, which would skew the spread; the values inside keep theirs (bounds, empty strings...).
        return Arbitraries.frequency(weighted).withoutEdgeCases().flatMap(perOperation::get);
    }

    Arbitrary<FuzzRequest> forOperation(Operation op) {
        Arbitrary<Credential> credential = Arbitraries.frequency(Tuple.of(2, Credential.NONE), Tuple.of(3, Credential.ADMIN),
                Tuple.of(3, Credential.USER), Tuple.of(2, Credential.TENANT_ADMIN), Tuple.of(2, Credential.API_KEY),
                Tuple.of(1, Credential.API_KEY_AS_BEARER), Tuple.of(2, Credential.PLUGIN), Tuple.of(1, Credential.FORGED))
                .withoutEdgeCases();
        Arbitrary<Optional<Object>> body = op.body()
                .map(b -> values.value(b.schema(), "", 0).map(Optional::of))
                .orElse(Arbitraries.just(Optional.empty()));
        List<Arbitrary<Optional<Tuple2<String, Object>>>> params = new ArrayList<>();
        for (Param p : op.params()) {
            Arbitrary<Tuple2<String, Object>> value = paramValue(op, p).map(v -> Tuple.of(p.name(), v));
            // a tenant header that does not name the caller's tenant is a 403 before anything else: send it rarely
            double presence = p.name().equalsIgnoreCase("x-tenant-id") ? 0.1 : 0.6;
            params.add(p.required() || p.in().equals("path") ? value.map(Optional::of) : value.optional(presence));
        }
        Arbitrary<Map<String, Object>> paramMap = params.isEmpty() ? Arbitraries.just(Map.of())
                : Combinators.combine(params).as(list -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    list.forEach(t -> t.ifPresent(tuple -> m.put(tuple.get1(), tuple.get2())));
                    return m;
                });
        Arbitrary<Mutation> mutation = mutations(op);
        Arbitrary<Integer> forgedVariant = Arbitraries.integers().between(0, 7);
        return Combinators.combine(credential, forgedVariant, body, paramMap, mutation)
                .as((c, v, b, p, m) -> build(op, c, v, b.orElse(null), p, m));
    }

    private Arbitrary<Object> paramValue(Operation op, Param p) {
        if (p.in().equals("path") && p.name().equals("orgId") && op.path().startsWith("/api/admin/billing/")) {
            return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(world.billingPathOrgs())),
                    Tuple.of(1, SchemaValues.uuids())).map(v -> (Object) v);
        }
        return values.value(p.schema(), p.name(), 0);
    }

    private Arbitrary<Mutation> mutations(Operation op) {
        boolean bodyAllowed = !op.method().equals("get");
        List<Tuple2<Integer, Kind>> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            boolean applies = switch (kind) {
                case MALFORMED_BODY, CONTENT_TYPE, OVERSIZE_BODY -> bodyAllowed;
                default -> true;
            };
            if (applies) {
                kinds.add(Tuple.of(kind.weight, kind));
            }
        }
        return Arbitraries.frequency(kinds).withoutEdgeCases().flatMap(kind -> Combinators.combine(
                Arbitraries.integers().between(0, 31), Arbitraries.integers().between(0, 63))
                .as((target, variant) -> new Mutation(kind, target, variant)));
    }

    /** Mutable parts of one request while it is being built. */
    private static final class Draft {
        String method;
        final Map<String, String> pathValues = new LinkedHashMap<>();
        final List<Map.Entry<String, String>> query = new ArrayList<>();
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        Object body;
        byte[] rawBody;
        String contentType = "application/json";
        String suffix = "";
        final Set<Intent> intents = EnumSet.noneOf(Intent.class);
        String note = "";

        void header(String name, String value) {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
            headers.add(new SimpleEntry<>(name, value));
        }
    }

    private FuzzRequest build(Operation op, Credential credential, int forgedVariant, Object body,
                              Map<String, Object> params, Mutation mutation) {
        Draft d = new Draft();
        d.method = op.method().toUpperCase(Locale.ROOT);
        world.headers(credential, forgedVariant).forEach(d::header);
        if (credential == Credential.FORGED) {
            d.intents.add(Intent.BAD_CREDENTIAL);
        }
        for (Param p : op.params()) {
            Object v = params.get(p.name());
            if (v == null) {
                continue;
            }
            String text = v instanceof String s ? s : FuzzJson.write(v);
            switch (p.in()) {
                case "path" -> d.pathValues.put(p.name(), encode(text));
                case "query" -> d.query.add(new SimpleEntry<>(p.name(), encode(text)));
                case "header" -> {
                    // a documented credential header must not overwrite the forged one the request is about
                    boolean forgedHeader = credential == Credential.FORGED && d.headers.stream()
                            .anyMatch(h -> h.getKey().equalsIgnoreCase(p.name()));
                    if (!forgedHeader) {
                        d.header(p.name(), text);
                    }
                }
                default -> { }
            }
        }
        d.body = op.body().isPresent() ? body : null;
        apply(op, mutation, d);

        String path = op.path();
        for (Map.Entry<String, String> e : d.pathValues.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue());
        }
        path = path + d.suffix;
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> q : d.query) {
            query.append(query.length() == 0 ? "" : "&").append(q.getKey()).append('=').append(q.getValue());
        }
        byte[] bytes = d.rawBody;
        if (bytes == null && d.body != null) {
            bytes = FuzzJson.write(d.body).getBytes(StandardCharsets.UTF_8);
        }
        if (d.method.equals("GET")) {
            bytes = null;
        }
        String description = mutation.kind() + (d.note.isEmpty() ? "" : " " + d.note);
        return new FuzzRequest(op, credential, description, d.method, path, query.toString(), List.copyOf(d.headers),
                bytes, bytes == null ? null : d.contentType, Set.copyOf(d.intents));
    }

    private void apply(Operation op, Mutation m, Draft d) {
        JsonNode schema = op.body().map(OpenApiModel.Body::schema).orElse(null);
        Obj obj = d.body instanceof Obj o ? o : null;
        List<String> fields = new ArrayList<>();
        if (obj != null) {
            fields.addAll(obj.keys());
            values.collectProperties(schema).forEach(p -> {
                if (!fields.contains(p.name())) {
                    fields.add(p.name());
                }
            });
        }
        List<Param> queryParams = op.params("query");
        boolean onBody = d.body != null;
        String field = fields.isEmpty() ? null : Mutations.pick(fields, m.target());
        switch (m.kind()) {
            case NONE -> { }
            case WRONG_TYPE -> replace(d, obj, field, queryParams, m, Mutations.pick(Mutations.WRONG_TYPES, m.variant()));
            case MISSING_REQUIRED -> {
                if (onBody) {
                    List<String> required = values.required(schema);
                    if (m.variant() % 5 == 0 || obj == null) {
                        d.body = null;
                        d.note = "no body";
                    } else {
                        String gone = required.isEmpty() ? field : Mutations.pick(required, m.target());
                        d.body = obj.without(gone);
                        d.note = "without " + gone;
                    }
                } else {
                    List<Param> required = op.params().stream().filter(p -> p.required() && !p.in().equals("path")).toList();
                    if (!required.isEmpty()) {
                        Param gone = Mutations.pick(required, m.target());
                        d.query.removeIf(q -> q.getKey().equals(gone.name()));
                        d.headers.removeIf(h -> h.getKey().equalsIgnoreCase(gone.name()));
                        d.note = "without " + gone.name();
                    }
                }
            }
            case NULL_FIELD -> replace(d, obj, field, queryParams, m, FuzzJson.NULL);
            case EXTRA_FIELD -> {
                if (obj != null) {
                    String extra = m.variant() % 2 == 0 ? "unexpected" : "__proto__";
                    d.body = obj.plus(extra, Mutations.pick(Mutations.WRONG_TYPES, m.variant()));
                    d.note = extra;
                    if (!allowsExtraFields(schema)) {
                        d.intents.add(Intent.UNKNOWN_FIELD);
                    }
                } else {
                    d.query.add(new SimpleEntry<>("unexpected", "1"));
                    d.note = "query unexpected=1";
                }
            }
            case NUMBER_EDGE -> {
                String number = Mutations.pick(Mutations.NUMBERS, m.variant());
                replace(d, obj, numericField(schema, fields, m.target()).orElse(field), queryParams, m, new Raw(number));
            }
            case STRING_ODDITY -> {
                String s = Mutations.pick(Mutations.STRINGS, m.variant());
                if (obj != null && field != null && badText(s)) {
                    d.intents.add(Intent.BAD_TEXT);
                }
                replace(d, obj, stringField(schema, fields, m.target()).orElse(field), queryParams, m, s);
            }
            case NESTED_GARBAGE -> {
                Raw nested = Mutations.nested(Mutations.NESTING[Math.floorMod(m.variant(), Mutations.NESTING.length)]);
                if (obj != null && m.variant() % 3 != 0) {
                    d.body = obj.with(field, nested);
                    d.note = field + " nested";
                } else {
                    d.body = nested;
                    d.note = "body nested";
                }
            }
            case DUPLICATE_KEY -> {
                if (obj != null && field != null) {
                    Object first = obj.fields().stream().filter(f -> f.key().equals(field)).findFirst()
                            .map(FuzzJson.Field::value).orElse("first");
                    Object second = Mutations.pick(Mutations.WRONG_TYPES, m.variant());
                    d.body = obj.without(field).plus(field, m.variant() % 2 == 0 ? first : second).plus(field, first);
                    d.note = "duplicate " + field;
                    d.intents.add(Intent.DUPLICATE_KEYS);
                } else if (onBody) {
                    d.rawBody = "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
                    d.note = "duplicate a";
                    d.intents.add(Intent.DUPLICATE_KEYS);
                }
            }
            case MALFORMED_BODY -> {
                String text = Mutations.pick(Mutations.MALFORMED, m.variant());
                if (m.variant() % 7 == 3 && obj != null) {
                    // invalid UTF-8 inside a string value
                    String json = FuzzJson.write(stringField(schema, fields, m.target()).map(f -> obj.with(f, "@@"))
                            .orElse(obj.plus("s", "@@")));
                    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
                    d.rawBody = replaceMarker(raw, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                    d.note = "invalid UTF-8";
                    d.intents.add(Intent.BAD_TEXT);
                } else {
                    d.rawBody = text.getBytes(StandardCharsets.UTF_8);
                    d.note = FuzzRequest.abbreviate(FuzzRequest.printable(d.rawBody), 40);
                }
            }
            case CONTENT_TYPE -> {
                ContentType type = Mutations.pick(Mutations.CONTENT_TYPES, m.variant());
                if (d.body == null) {
                    d.body = new Obj(List.of());
                }
                d.contentType = type.value();
                d.note = String.valueOf(type.value());
                if (type.notJson() && op.body().isPresent()) {
                    d.intents.add(Intent.NON_JSON_CONTENT_TYPE);
                }
            }
            case PATH_ODDITY -> {
                if (!d.pathValues.isEmpty()) {
                    String name = Mutations.pick(new ArrayList<>(d.pathValues.keySet()), m.target());
                    String value = Mutations.pick(Mutations.PATH_VALUES, m.variant());
                    d.pathValues.put(name, value);
                    d.note = name + "=" + FuzzRequest.abbreviate(value, 40);
                } else {
                    d.suffix = Mutations.pick(Mutations.PATH_SUFFIXES, m.variant());
                    d.note = "suffix " + FuzzRequest.abbreviate(d.suffix, 40);
                }
            }
            case QUERY_ODDITY -> {
                String value = Mutations.pick(Mutations.QUERY_VALUES, m.variant());
                if (!queryParams.isEmpty() && m.variant() % 4 != 3) {
                    Param p = Mutations.pick(queryParams, m.target());
                    Optional<String> bound = outOfRange(p, m.variant());
                    String v = bound.orElse(value);
                    d.query.removeIf(q -> q.getKey().equals(p.name()));
                    d.query.add(new SimpleEntry<>(p.name(), v));
                    if (m.variant() % 5 == 1) {
                        d.query.add(new SimpleEntry<>(p.name(), "2"));
                    }
                    d.note = p.name() + "=" + FuzzRequest.abbreviate(v, 40);
                } else {
                    d.query.add(new SimpleEntry<>(m.variant() % 2 == 0 ? "limit" : "zz", value));
                    d.note = "extra query " + FuzzRequest.abbreviate(value, 40);
                }
            }
            case HEADER_ODDITY -> {
                List<String> header = Mutations.pick(Mutations.HEADERS, m.variant());
                d.header(header.get(0), header.get(1));
                d.note = header.get(0) + ": " + FuzzRequest.abbreviate(header.get(1), 40);
                if (header.get(0).equalsIgnoreCase("Authorization") || header.get(0).equalsIgnoreCase("X-Api-Key")) {
                    d.intents.remove(Intent.BAD_CREDENTIAL); // the forged credential was replaced
                }
            }
            case WRONG_METHOD -> {
                List<String> others = Mutations.METHODS.stream().filter(x -> !x.equals(d.method)).toList();
                d.method = Mutations.pick(others, m.variant());
                d.note = d.method;
            }
            case OVERSIZE_BODY -> {
                int size = 1024 * 1024 + 1 + m.variant() * 1000;
                d.rawBody = ("{\"a\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
                d.note = d.rawBody.length + " bytes";
            }
        }
    }

    /** Puts {@code value} in a body field, or (operations without a body) in a query or header parameter. */
    private void replace(Draft d, Obj obj, String field, List<Param> queryParams, Mutation m, Object value) {
        if (obj != null && field != null) {
            d.body = obj.with(field, value);
            d.note = field + "=" + FuzzRequest.abbreviate(FuzzRequest.printable(
                    FuzzJson.write(value).getBytes(StandardCharsets.UTF_8)), 40);
        } else if (d.body != null) {
            d.body = value;
            d.note = "body=" + FuzzRequest.abbreviate(FuzzJson.write(value), 40);
        } else {
            String text = value instanceof String s ? s : FuzzJson.write(value);
            String name = queryParams.isEmpty() ? "zz" : Mutations.pick(queryParams, m.target()).name();
            d.query.removeIf(q -> q.getKey().equals(name));
            String encoded = encodeLenient(text);
            d.query.add(new SimpleEntry<>(name, encoded));
            d.note = name + "=" + FuzzRequest.abbreviate(encoded, 40);
        }
    }

    private Optional<String> numericField(JsonNode schema, List<String> fields, int target) {
        return typedField(schema, fields, target, "integer", "number");
    }

    private Optional<String> stringField(JsonNode schema, List<String> fields, int target) {
        return typedField(schema, fields, target, "string", "string");
    }

    private Optional<String> typedField(JsonNode schema, List<String> fields, int target, String type, String other) {
        if (schema == null) {
            return Optional.empty();
        }
        List<String> typed = values.collectProperties(schema).stream()
                .filter(p -> {
                    String t = SchemaValues.type(model.resolve(p.schema()));
                    return t.equals(type) || t.equals(other);
                })
                .map(SchemaValues.Property::name).filter(fields::contains).toList();
        return typed.isEmpty() ? Optional.empty() : Optional.of(Mutations.pick(typed, target));
    }

    private boolean allowsExtraFields(JsonNode schema) {
        JsonNode s = model.resolve(schema);
        JsonNode extra = s == null ? null : s.get("additionalProperties");
        return extra != null && !(extra.isBoolean() && !extra.asBoolean());
    }

    private Optional<String> outOfRange(Param p, int variant) {
        JsonNode s = model.resolve(p.schema());
        if (variant % 3 == 0 && s.has("minimum")) {
            return Optional.of(Long.toString(s.path("minimum").asLong() - 1));
        }
        if (variant % 3 == 1 && s.has("maximum")) {
            return Optional.of(Long.toString(s.path("maximum").asLong() + 1));
        }
        return Optional.empty();
    }

    static boolean badText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] replaceMarker(byte[] json, byte[] bad) {
        String text = new String(json, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("@@");
        byte[] out = new byte[json.length - 2 + bad.length];
        System.arraycopy(json, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(json, at + 2, out, at + bad.length, json.length - at - 2);
        return out;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Encodes what is not already a percent escape, so payloads like {@code %00} and {@code %ZZ} arrive as written. */
    private static String encodeLenient(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || "._~-".indexOf(c) >= 0);
            boolean escape = c == '%' && i + 2 < value.length();
            if (!plain && !escape) {
                return encode(value);
            }
        }
        return value;
    }
}
