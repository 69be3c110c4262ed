package dev.familiar.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import dev.familiar.model.api.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads JSON request bodies into records. Malformed JSON and values of the wrong type become a 400
 * {@code VALIDATION_FAILED} whose {@code details.fields} names each offending field; the value itself is
 * never echoed (it may be a secret).
 *
 * <p>One rule for every body, whichever way a route reads it ({@link #screened(Handler)} wraps every route): a
 * non-empty body must be declared JSON ({@code application/json} or {@code application/*+json}, UTF-8) or it is a
 * 415; it must be valid UTF-8, one JSON value without duplicate keys, and its strings and keys must hold no C0
 * control character other than tab, CR and LF and no unpaired surrogate, or it is a 400. Records refuse unknown
 * fields and take a JSON string in a number or boolean field as an error, never as absent.
 */
public final class JsonBodies {
    private static final JsonFactory SCANNER = JsonFactory.builder().build();
    private static final Pattern JSON_MEDIA_TYPE = Pattern.compile("application/(?:json|[a-z0-9!#$&^_.-]+\\+json)");
    private static final String PLAIN_JSON = "application/json";
    /** Set on a request whose non-blank body {@link #screen(Context)} found to be plain ASCII and passed. */
    private static final String SCREENED_ASCII = "familiar.bodyScreenedAscii";
    private final ObjectMapper mapper;
    /** One reader per record type: the root deserializer is found once, not on every request. */
    private final ConcurrentHashMap<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

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
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        // Numbers and booleans are not silently turned into text either ("username": 123 is an error).
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // A string is never a number or a boolean: not "5", not "", and not " " or "\u0000", which Jackson would
        // otherwise take as blank and so as absent. Absent means a missing field or null, where the field is optional.
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type)
                    .setAcceptBlankAsEmpty(false)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * Whether the request carries a body at all (RFC 9112 6.3: only a Content-Length or a Transfer-Encoding header
     * announces one). Without one nothing is read: reading an absent body still cost Javalin an 8 KB buffer per GET.
     */
    static boolean hasBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        return length > 0 || (length < 0 && ctx.req().getHeader("Transfer-Encoding") != null);
    }

    /** {@code handler}, run only after the request's body passed {@link #screen(Context)}. */
    public static Handler screened(Handler handler) {
        return ctx -> {
            screen(ctx);
            handler.handle(ctx);
        };
    }

    /**
     * Checks a request's body, if it has one, against the rules every body follows (see the class comment); routes
     * that read the body themselves (the Stripe webhook) get the same rules. Bodies are read once and cached.
     */
    public static void screen(Context ctx) {
        if (!hasBody(ctx)) {
            return;
        }
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length == 0) {
            return;
        }
        if (!isJson(ctx.header("Content-Type"))) {
            throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "A request body must be JSON: send Content-Type: application/json (UTF-8)", 415);
        }
        if (isAscii(raw)) {
            // Plain ASCII is valid UTF-8 as it is: no decoding, and the scan and the read both parse the bytes.
            if (!isBlank(raw)) {
                try (JsonParser parser = SCANNER.createParser(raw)) {
                    scan(parser);
                } catch (IOException e) {
                    throw ApiError.validation(Map.of("$", "malformed JSON"));
                }
                ctx.attribute(SCREENED_ASCII, Boolean.TRUE);
            }
            return;
        }
        String text = decodeUtf8(raw);
        if (!text.isBlank()) {
            scan(text);
        }
    }

    /**
     * Whether every byte is 7-bit ASCII other than NUL: then the bytes are valid UTF-8, each byte is one character,
     * and Jackson reads them as UTF-8 (zero bytes would make its byte parser guess UTF-16 or UTF-32, so that
     * {@code 00 7B 00 7D} would pass as {@code {}}; such bodies take the decoding path and are refused as before).
     */
    static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@link String#isBlank()} of ASCII bytes. */
    private static boolean isBlank(byte[] ascii) {
        for (byte b : ascii) {
            if (!Character.isWhitespace((char) b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a {@code Content-Type} declares JSON: {@code application/json} or {@code application/*+json}, with
     * parameters, whose charset (when given) is UTF-8, the only encoding of JSON (RFC 8259).
     */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        if (contentType.length() == PLAIN_JSON.length() && contentType.equalsIgnoreCase(PLAIN_JSON)) {
            return true; // what nearly every client sends
        }
        String[] parts = contentType.split(";");
        if (!JSON_MEDIA_TYPE.matcher(parts[0].trim().toLowerCase(Locale.ROOT)).matches()) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "").trim();
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The body as text, refusing any byte sequence that is not UTF-8 instead of replacing it. */
    static String decodeUtf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.validation(Map.of("$", "is not valid UTF-8"));
        }
    }

    /** Walks every token once: one JSON value, no duplicate keys, no control characters or lone surrogates. */
    static void scan(String text) {
        try (JsonParser parser = SCANNER.createParser(text)) {
            scan(parser);
        } catch (IOException e) {
            throw ApiError.validation(Map.of("$", "malformed JSON"));
        }
    }

    /** {@link #scan(String)} over any parser; the parser's own failures become 400s. */
    private static void scan(JsonParser parser) throws IOException {
        try {
            Deque<Set<String>> names = new ArrayDeque<>();
            JsonToken token = parser.nextToken();
            while (token != null) {
                switch (token) {
                    case START_OBJECT -> names.push(new HashSet<>());
                    case END_OBJECT -> names.pop();
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        String problem = textProblem(name);
                        if (problem != null) {
                            throw ApiError.validation(Map.of(pathOf(parser.getParsingContext().getParent()),
                                    "has a field name that " + problem));
                        }
                        if (!names.peek().add(name)) {
                            throw ApiError.validation(Map.of(pathOf(parser.getParsingContext()),
                                    "appears more than once"));
                        }
                    }
                    case VALUE_STRING -> {
                        String problem = textProblem(parser.getText());
                        if (problem != null) {
                            throw ApiError.validation(Map.of(pathOf(parser.getParsingContext()), problem));
                        }
                    }
                    default -> {
                        // numbers, booleans, null and arrays carry no text to check
                    }
                }
                if (parser.getParsingContext().inRoot() && token != JsonToken.FIELD_NAME) {
                    if (parser.nextToken() != null) {
                        throw ApiError.validation(Map.of("$", "must be one JSON value, with nothing after it"));
                    }
                    return;
                }
                token = parser.nextToken();
            }
        } catch (JsonProcessingException e) {
            throw ApiError.validation(Map.of("$", "malformed JSON" + where(e)));
        }
    }

    /** What is wrong with a string or field name ({@code null}: nothing); the path is only built for a problem. */
    private static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
                return "must not contain control characters such as U+0000";
            }
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired surrogate";
            }
            if (Character.isLowSurrogate(ch)) {
                return "must not contain an unpaired surrogate";
            }
        }
        return null;
    }

    /** {@code items[2].name} style path of a parser position; {@code $} for the root. */
    private static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String path = String.join("", parts);
        if (path.startsWith(".")) {
            path = path.substring(1);
        }
        return path.isEmpty() ? "$" : path;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
    }

    /** The body as {@code type}; an absent or empty body reads as JSON {@code null} and is refused. */
    public <T> T read(Context ctx, Class<T> type) {
        ObjectReader reader = readers.computeIfAbsent(type, mapper::readerFor);
        T value;
        try {
            if (Boolean.TRUE.equals(ctx.attribute(SCREENED_ASCII))) {
                value = reader.readValue(ctx.bodyAsBytes()); // ASCII, not blank: the screen saw to both
            } else {
                String body = decodeUtf8(ctx.bodyAsBytes());
                if (body.isBlank()) {
                    throw ApiError.validation(Map.of("$", "a JSON object body is required"));
                }
                value = reader.readValue(body);
            }
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
            throw ApiError.validation(Map.of("$", "malformed JSON" + where(e)));
        } catch (IOException e) {
            throw ApiError.validation(Map.of("$", "malformed JSON"));
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
