package dev.familiar.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.familiar.model.api.ApiError;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads JSON request bodies into records. Malformed JSON and values of the wrong type become a 400
 * {@code VALIDATION_FAILED} whose {@code details.fields} names each offending field; the value itself is
 * never echoed (it may be a secret).
 */
public final class JsonBodies {
    private final ObjectMapper mapper;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The request mapper: like {@link dev.familiar.model.api.Json#newMapper()}, but a field of the wrong JSON
     * type is an error instead of being coerced ({@code "5"} or {@code 5.5} is not an integer).
     */
    public static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        // Numbers and booleans are not silently turned into text either ("username": 123 is an error).
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** The body as {@code type}; an absent or empty body reads as JSON {@code null} and is refused. */
    public <T> T read(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiError.validation(Map.of("$", "a JSON object body is required"));
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.validation(Map.of(path(e), "is not a known field"));
        } catch (InvalidFormatException e) {
            throw ApiError.validation(Map.of(path(e), "expected " + describe(e.getTargetType())));
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ApiError.validation(Map.of(field, "$".equals(field) ? "expected a JSON object"
                    : "expected " + describe(e.getTargetType())));
        } catch (JsonMappingException e) {
            throw ApiError.validation(Map.of(path(e), "has an invalid value"));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw ApiError.validation(Map.of("$", "malformed JSON" + where));
        }
        if (value == null) {
            throw ApiError.validation(Map.of("$", "a JSON object body is required"));
        }
        return value;
    }

    /** {@code items[2].name} style path of the field a mapping error is about; {@code $} for the root. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "$" : out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == double.class || type == Double.class || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            Map<String, Object> names = new LinkedHashMap<>();
            for (Object c : type.getEnumConstants()) {
                names.put(c.toString(), c);
            }
            return "one of " + String.join(", ", names.keySet());
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
