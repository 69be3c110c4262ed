package dev.familiar.server.drills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.drills.FuzzJson.Arr;
import dev.familiar.server.drills.FuzzJson.Field;
import dev.familiar.server.drills.FuzzJson.Obj;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Valid-ish values for a JSON schema of the OpenAPI document, as jqwik arbitraries (so they shrink): the right
 * types, bounds and their edges, enums, and for fields that name things (ids, plan codes, activation codes…)
 * mostly values that exist in the {@link FuzzWorld}, so requests get past validation into the use cases.
 */
final class SchemaValues {
    private static final long DEFAULT_MAX = 1_000_000L;
    private final OpenApiModel model;
    private final FuzzWorld world;
    private final Instant now = Instant.now();

    SchemaValues(OpenApiModel model, FuzzWorld world) {
        this.model = model;
        this.world = world;
    }

    /** A value for {@code schema}; {@code name} is the field or parameter it is for (pools are by name). */
    Arbitrary<Object> value(JsonNode schema, String name, int depth) {
        JsonNode s = model.resolve(schema);
        if (s == null || s.isMissingNode()) {
            return Arbitraries.just(new Obj(List.of()));
        }
        if (s.has("enum")) {
            List<Object> values = new ArrayList<>();
            s.path("enum").forEach(v -> values.add(plain(v)));
            return Arbitraries.of(values);
        }
        if (s.has("const")) {
            return Arbitraries.just(plain(s.path("const")));
        }
        return switch (type(s)) {
            case "integer" -> integer(s, name);
            case "number" -> number(s);
            case "boolean" -> Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b);
            case "array" -> array(s, name, depth);
            case "object" -> object(s, depth);
            default -> string(s, name);
        };
    }

    /** The JSON type a schema names first (a type list like {@code ["string","null"]} gives its non-null type). */
    static String type(JsonNode s) {
        JsonNode type = s.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return s.has("properties") || s.has("allOf") ? "object" : "string";
    }

    private Arbitrary<Object> object(JsonNode s, int depth) {
        List<String> required = new ArrayList<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        List<Arbitrary<Optional<Field>>> fields = new ArrayList<>();
        collectProperties(s).forEach(p -> {
            Arbitrary<Field> field = value(p.schema(), p.name(), depth + 1).map(v -> new Field(p.name(), v));
            fields.add(required.contains(p.name()) ? field.map(Optional::of) : field.optional(0.65));
        });
        if (fields.isEmpty()) {
            return Arbitraries.just(new Obj(List.of()));
        }
        return Combinators.combine(fields).as(list -> (Object) new Obj(list.stream().flatMap(Optional::stream).toList()));
    }

    record Property(String name, JsonNode schema) {
    }

    /** The properties of a schema, its {@code allOf} parts included. */
    List<Property> collectProperties(JsonNode schema) {
        JsonNode s = model.resolve(schema);
        List<Property> out = new ArrayList<>();
        s.path("allOf").forEach(part -> collectProperties(part).forEach(p -> {
            if (out.stream().noneMatch(o -> o.name().equals(p.name()))) {
                out.add(p);
            }
        }));
        s.path("properties").fields().forEachRemaining(e -> {
            out.removeIf(o -> o.name().equals(e.getKey()));
            out.add(new Property(e.getKey(), e.getValue()));
        });
        return out;
    }

    List<String> required(JsonNode schema) {
        JsonNode s = model.resolve(schema);
        List<String> out = new ArrayList<>();
        s.path("required").forEach(r -> out.add(r.asText()));
        s.path("allOf").forEach(part -> out.addAll(required(part)));
        return out;
    }

    private Arbitrary<Object> array(JsonNode s, String name, int depth) {
        int min = s.path("minItems").asInt(0);
        int max = Math.min(s.path("maxItems").asInt(min + 4), min + 4);
        return value(s.path("items"), name, depth + 1).list().ofMinSize(min).ofMaxSize(max).map(l -> (Object) new Arr(l));
    }

    private Arbitrary<Object> integer(JsonNode s, String name) {
        if (name.equals("created")) {
            long nowSeconds = now.getEpochSecond();
            return Arbitraries.longs().between(nowSeconds - 86_400, nowSeconds + 600).map(v -> (Object) v);
        }
        long min = s.has("minimum") ? s.path("minimum").asLong() : 0;
        long max = s.has("maximum") ? s.path("maximum").asLong() : Math.max(min, DEFAULT_MAX);
        Arbitrary<Long> small = Arbitraries.longs().between(min, Math.min(max, min + 100));
        Arbitrary<Long> any = Arbitraries.longs().between(min, max);
        return Arbitraries.frequencyOf(Tuple.of(2, small), Tuple.of(1, any)).map(v -> (Object) v);
    }

    private Arbitrary<Object> number(JsonNode s) {
        double min = s.has("exclusiveMinimum") ? s.path("exclusiveMinimum").asDouble() + 0.001
                : s.path("minimum").asDouble(0);
        double max = s.path("maximum").asDouble(1000);
        return Arbitraries.bigDecimals().between(BigDecimal.valueOf(min), BigDecimal.valueOf(max)).ofScale(3)
                .map(v -> (Object) v);
    }

    private Arbitrary<Object> string(JsonNode s, String name) {
        Arbitrary<String> value = named(s, name).orElseGet(() -> byFormat(s));
        return value.map(v -> (Object) v);
    }

    private Optional<Arbitrary<String>> named(JsonNode s, String name) {
        Optional<List<String>> ids = world.ids(name);
        if (ids.isPresent() && "uuid".equals(s.path("format").asText())) {
            return Optional.of(Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(ids.get())), Tuple.of(1, uuids())));
        }
        return Optional.ofNullable(switch (name) {
            case "activationCode" -> Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(world.activationCodes)),
                    Tuple.of(1, alnum(1, 40)));
            case "refreshToken" -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(world.spareRefreshToken)),
                    Tuple.of(2, alnum(1, 60)));
            case "planCode", "newPlanCode", "code" -> Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(world.planCodes)),
                    Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(20)));
            case "provider" -> Arbitraries.of("openai", "qwen", "gemini", "anthropic");
            case "tier" -> Arbitraries.of("FREE", "BRONZE", "SILVER", "GOLD", "ENTERPRISE", "PLATINUM", "gold");
            case "password" -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("a-very-long-password-1")),
                    Tuple.of(3, alnum(12, 40)));
            case "username" -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of("fuzz-user", "root-admin")),
                    Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars("._-").ofMinLength(3).ofMaxLength(24)));
            case "domain" -> Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("plugin.example.com")),
                    Tuple.of(1, alnum(1, 20).map(a -> a.toLowerCase() + ".example.com")));
            case "metric" -> Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("api_call")), Tuple.of(1, alnum(1, 30)));
            case "currency" -> Arbitraries.of("usd", "eur", "gbp", "xyz");
            case "x-tenant-id" -> Arbitraries.of(world.org.orgId(), world.user.tenantId(), world.admin.tenantId(), "acme");
            case "X-Api-Key" -> Arbitraries.of(world.apiKey, world.revokedApiKey, "garbage-key");
            case "Stripe-Signature" -> Arbitraries.of("t=1,v1=abc", "t=" + now.getEpochSecond() + ",v1=" + "0".repeat(64), "x");
            case "Idempotency-Key", "request_id" -> alnum(1, 40);
            case "prompt" -> Arbitraries.strings().ofMinLength(0).ofMaxLength(200).withCharRange(' ', '~')
                    .withCharRange('\u00a0', '\u024f');
            case "type" -> Arbitraries.of("invoice.paid", "customer.subscription.updated", "customer.subscription.deleted",
                    "checkout.session.completed", "invoice.payment_failed", "unknown.event");
            default -> null;
        });
    }

    private Arbitrary<String> byFormat(JsonNode s) {
        String format = s.path("format").asText("");
        String pattern = s.path("pattern").asText("");
        int min = s.path("minLength").asInt(1);
        int max = Math.max(min, Math.min(s.path("maxLength").asInt(30), 30));
        if (format.equals("uuid")) {
            return uuids();
        }
        if (format.equals("date-time")) {
            long day = 86_400;
            return Arbitraries.longs().between(-40 * day, day).map(offset -> now.plusSeconds(offset).toString());
        }
        if (format.equals("email")) {
            return alnum(1, 20).map(local -> local.toLowerCase() + "@example.com");
        }
        if (pattern.matches("\\^[a-z]+_.*")) {
            String prefix = pattern.substring(1, pattern.indexOf('_') + 1);
            return alnum(1, 24).map(rest -> prefix + rest);
        }
        if (pattern.equals("^[a-z]{3}$")) {
            return Arbitraries.strings().withCharRange('a', 'z').ofLength(3);
        }
        if (pattern.startsWith("^[a-z0-9]")) {
            return Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(max);
        }
        return Arbitraries.strings().alpha().numeric().withChars("._- ").ofMinLength(Math.min(min, max)).ofMaxLength(max);
    }

    static Arbitrary<String> alnum(int min, int max) {
        return Arbitraries.strings().alpha().numeric().ofMinLength(min).ofMaxLength(max);
    }

    /** Random version-4 UUIDs drawn from jqwik's randomness, so a seed replays them. */
    static Arbitrary<String> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((a, b) ->
                new UUID((a & ~0xF000L) | 0x4000L, (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString());
    }

    private static Object plain(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        return v.isNull() ? FuzzJson.NULL : new FuzzJson.Raw(v.toString());
    }
}
