package dev.familiar.server.drills;

import java.util.ArrayList;
import java.util.List;

/**
 * The drill's own JSON values, so a generated body can hold what Jackson would refuse to write: duplicate keys,
 * lone surrogates, numbers beyond any Java type, raw fragments. Values are {@link Obj}, {@link Arr}, {@link String},
 * {@link Number}, {@link Boolean}, {@link #NULL} and {@link Raw}; all immutable.
 */
final class FuzzJson {
    /** JSON {@code null} (Java {@code null} means "absent" in generated objects). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    record Field(String key, Object value) {
    }

    /** An object; keys may repeat. */
    record Obj(List<Field> fields) {
        Obj {
            fields = List.copyOf(fields);
        }

        List<String> keys() {
            return fields.stream().map(Field::key).toList();
        }

        Obj with(String key, Object value) {
            List<Field> copy = new ArrayList<>();
            boolean replaced = false;
            for (Field f : fields) {
                if (f.key().equals(key) && !replaced) {
                    copy.add(new Field(key, value));
                    replaced = true;
                } else {
                    copy.add(f);
                }
            }
            if (!replaced) {
                copy.add(new Field(key, value));
            }
            return new Obj(copy);
        }

        Obj without(String key) {
            return new Obj(fields.stream().filter(f -> !f.key().equals(key)).toList());
        }

        Obj plus(String key, Object value) {
            List<Field> copy = new ArrayList<>(fields);
            copy.add(new Field(key, value));
            return new Obj(copy);
        }
    }

    record Arr(List<Object> items) {
        Arr {
            items = List.copyOf(items);
        }
    }

    /** JSON text written as is (numbers like {@code 1e400}, {@code NaN}, comments). */
    record Raw(String text) {
    }

    private FuzzJson() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null || value == NULL) {
            out.append("null");
        } else if (value instanceof Obj obj) {
            out.append('{');
            for (int i = 0; i < obj.fields().size(); i++) {
                Field f = obj.fields().get(i);
                if (i > 0) {
                    out.append(',');
                }
                string(f.key(), out);
                out.append(':');
                write(f.value(), out);
            }
            out.append('}');
        } else if (value instanceof Arr arr) {
            out.append('[');
            for (int i = 0; i < arr.items().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(arr.items().get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else {
            out.append(value);
        }
    }

    /** Escapes quotes, backslashes, control characters and lone surrogates (as {@code \\uXXXX}). */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || loneSurrogate) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
