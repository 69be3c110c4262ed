package dev.familiar.model.prompt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A version's typed contract: its parameters checked for themselves and against a template, and values checked
 * against it. Immutable; thread-safe.
 *
 * <p>The rules (which values each type accepts, what makes a schema entry invalid) are in
 * {@code docs/PROMPT_TEMPLATES.md}. In short: an optional parameter given as JSON {@code null} takes its default, a
 * required one given as {@code null} is {@code MISSING}; an {@code integer} accepts any JSON number whose value is
 * whole ({@code 3} and {@code 3.0}, not {@code 3.5}), as JSON Schema does.
 */
public final class ParameterSchema {
    static final String JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final List<PromptParameter> parameters;
    private final Map<String, PromptParameter> byName;

    private ParameterSchema(List<PromptParameter> parameters) {
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        Map<String, PromptParameter> index = new LinkedHashMap<>();
        for (PromptParameter p : parameters) {
            if (p != null && p.name() != null) {
                index.putIfAbsent(p.name(), p);
            }
        }
        this.byName = Collections.unmodifiableMap(index);
    }

    /**
     * The schema of {@code parameters} (order kept; {@code null} is the empty schema); use {@link #problems()} before
     * trusting it.
     */
    public static ParameterSchema of(List<PromptParameter> parameters) {
        return new ParameterSchema(parameters == null ? List.of() : parameters);
    }

    public List<PromptParameter> parameters() {
        return parameters;
    }

    /** The parameter declared as {@code name} (the first one if declared twice), or null. */
    PromptParameter parameter(String name) {
        return byName.get(name);
    }

    /**
     * The schema's own problems ({@code INVALID}): a bad or duplicate name, a missing type, an enum without values,
     * an optional parameter without a default, a default of the wrong type, {@code items} on a non-list…
     */
    public List<ParameterProblem> problems() {
        List<ParameterProblem> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < parameters.size(); k++) {
            PromptParameter p = parameters.get(k);
            String at = "parameters[" + k + "]";
            if (p == null) {
                out.add(invalid(at, at + " is null"));
                continue;
            }
            String label = p.name() == null ? at : Texts.preview(p.name());
            String why = PromptTemplate.nameProblem(p.name());
            if (why != null) {
                out.add(invalid(label, "parameter name: " + why));
            } else if (!seen.add(p.name())) {
                out.add(invalid(label, "parameter " + p.name() + " is declared more than once"));
            }
            String who = "parameter " + Texts.name(p.name() == null ? at : p.name());
            if (p.type() == null) {
                out.add(invalid(label, who + " has no type: string, integer, number, boolean, enum, list or object"));
            }
            List<String> values = p.values();
            if (p.type() == ParameterType.ENUM) {
                if (values == null || values.isEmpty()) {
                    out.add(invalid(label, who + " is an enum without values"));
                } else if (values.stream().anyMatch(java.util.Objects::isNull)) {
                    out.add(invalid(label, who + " has a null enum value"));
                } else if (new HashSet<>(values).size() != values.size()) {
                    out.add(invalid(label, who + " lists an enum value more than once"));
                }
            } else if (p.type() != null && values != null && !values.isEmpty()) {
                out.add(invalid(label, who + " has values but is not an enum"));
            }
            if (p.items() != null) {
                if (p.type() != null && p.type() != ParameterType.LIST) {
                    out.add(invalid(label, who + " has items but is not a list"));
                } else if (p.items() == ParameterType.LIST || p.items() == ParameterType.ENUM) {
                    out.add(invalid(label, who + " has items " + p.items().json()
                            + ": items is string, integer, number, boolean or object"));
                }
            }
            boolean hasDefault = present(p.defaultValue());
            if (p.required() && hasDefault) {
                out.add(invalid(label, who + " is required and has a default: make it optional or drop the default"));
            } else if (!p.required() && !hasDefault) {
                out.add(invalid(label, who
                        + " is optional and needs a default (\"\" is a valid default for a string)"));
            } else if (hasDefault && p.type() != null) {
                String mismatch = mismatch(p, p.defaultValue());
                if (mismatch != null) {
                    out.add(invalid(label, who + ": its default must be " + mismatch));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The schema's problems plus the template's against it: a placeholder no parameter declares
     * ({@code UNDECLARED_PLACEHOLDER}) and the template's syntax problems ({@code INVALID}). A declared parameter the
     * template never uses is allowed.
     */
    public List<ParameterProblem> problems(PromptTemplate template) {
        List<ParameterProblem> out = new ArrayList<>(problems());
        for (PromptTemplate.SyntaxProblem s : template.problems()) {
            out.add(new ParameterProblem("template", "INVALID", "template at " + position(template.text(), s.start())
                    + ": " + s.message()));
        }
        for (String name : template.names()) {
            if (!byName.containsKey(name)) {
                out.add(new ParameterProblem(name, "UNDECLARED_PLACEHOLDER",
                        "the template uses {{" + name + "}} but no parameter " + name + " is declared"));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Every problem of {@code values} against this schema, all at once: {@code MISSING} (a required parameter not
     * given or null), {@code UNKNOWN} (a name the schema does not declare), {@code WRONG_TYPE}, {@code NOT_ALLOWED}
     * (not one of an enum's values). Empty when the values are acceptable.
     */
    public List<ParameterProblem> check(ObjectNode values) {
        List<ParameterProblem> out = new ArrayList<>();
        for (PromptParameter p : byName.values()) {
            JsonNode v = values == null ? null : values.get(p.name());
            if (!present(v)) {
                if (p.required()) {
                    out.add(new ParameterProblem(p.name(), "MISSING", "parameter " + p.name() + " is required ("
                            + expectation(p) + ")" + (v == null ? "" : " and may not be null")));
                }
                continue;
            }
            if (p.type() == null) {
                continue;
            }
            if (p.type() == ParameterType.ENUM && v.isTextual()) {
                if (p.values() == null || !p.values().contains(v.textValue())) {
                    out.add(new ParameterProblem(p.name(), "NOT_ALLOWED", "parameter " + p.name() + " must be "
                            + expectation(p) + ", not " + Texts.describe(v)));
                }
                continue;
            }
            String mismatch = mismatch(p, v);
            if (mismatch != null) {
                out.add(new ParameterProblem(p.name(), "WRONG_TYPE", "parameter " + p.name() + " must be " + mismatch));
            }
        }
        if (values != null) {
            for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!byName.containsKey(key)) {
                    out.add(new ParameterProblem(Texts.preview(key), "UNKNOWN",
                            "parameter " + Texts.name(key) + " is not declared by this version"));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code values} with the defaults of the optional parameters not given (call after {@link #check} is empty):
     * the declared parameters in schema order, then any undeclared key given. A JSON {@code null} counts as not given.
     */
    public Map<String, JsonNode> effective(ObjectNode values) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (PromptParameter p : byName.values()) {
            JsonNode v = values == null ? null : values.get(p.name());
            if (present(v)) {
                out.put(p.name(), v);
            } else if (!p.required() && present(p.defaultValue())) {
                out.put(p.name(), p.defaultValue().deepCopy());
            }
        }
        if (values != null) {
            values.fields().forEachRemaining(e -> {
                if (!byName.containsKey(e.getKey()) && present(e.getValue())) {
                    out.put(e.getKey(), e.getValue());
                }
            });
        }
        return Collections.unmodifiableMap(out);
    }

    /** This schema as a JSON Schema (draft 2020-12) object for {@code GET /api/v1/functions}. */
    public ObjectNode jsonSchema() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode schema = f.objectNode();
        schema.put("$schema", JSON_SCHEMA_DIALECT);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = f.arrayNode();
        for (PromptParameter p : byName.values()) {
            if (p.type() == null) {
                continue;
            }
            ObjectNode prop = properties.putObject(p.name());
            prop.put("type", jsonType(p.type()));
            if (p.type() == ParameterType.ENUM && p.values() != null) {
                ArrayNode e = prop.putArray("enum");
                p.values().forEach(e::add);
            }
            if (p.type() == ParameterType.LIST && p.items() != null) {
                prop.putObject("items").put("type", jsonType(p.items()));
            }
            if (p.description() != null) {
                prop.put("description", p.description());
            }
            if (!p.required() && present(p.defaultValue())) {
                prop.set("default", p.defaultValue().deepCopy());
            }
            if (p.required()) {
                required.add(p.name());
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** "line L, column C (character N)" of offset {@code at} in {@code text}, lines and columns from 1. */
    static String position(String text, int at) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < at && k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n' || (c == '\r' && (k + 1 >= text.length() || text.charAt(k + 1) != '\n'))) {
                line++;
                lineStart = k + 1;
            }
        }
        return "line " + line + ", column " + (at - lineStart + 1) + " (character " + at + ")";
    }

    /** Not Java null, not JSON null, not missing. */
    static boolean present(JsonNode v) {
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    static String jsonType(ParameterType t) {
        return switch (t) {
            case STRING, ENUM -> "string";
            case INTEGER -> "integer";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case LIST -> "array";
            case OBJECT -> "object";
        };
    }

    /** Whether {@code v} is a JSON number with a whole value ({@code 3}, {@code 3.0}, {@code 1e2}; not {@code 3.5}). */
    static boolean isWhole(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        if (!v.isNumber()) {
            return false;
        }
        if (v.isDouble() || v.isFloat()) {
            double d = v.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return false;
            }
        }
        return v.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    /** Whether {@code v} is a value of {@code type} alone (an enum: any string; a list: any array). */
    static boolean isOfType(ParameterType type, JsonNode v) {
        return switch (type) {
            case STRING, ENUM -> v.isTextual();
            case INTEGER -> isWhole(v);
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case LIST -> v.isArray();
            case OBJECT -> v.isObject();
        };
    }

    /** What {@code p} accepts, for a message: "an integer", "one of \"a\", \"b\"", "an array of strings"… */
    static String expectation(PromptParameter p) {
        if (p.type() == null) {
            return "a value";
        }
        return switch (p.type()) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case OBJECT -> "a JSON object";
            case ENUM -> p.values() == null || p.values().isEmpty() ? "a string" : "one of " + enumList(p.values());
            case LIST -> p.items() == null ? "an array" : "an array of " + plural(p.items());
        };
    }

    private static String enumList(List<String> values) {
        StringBuilder b = new StringBuilder();
        for (String v : values) {
            String next = (b.isEmpty() ? "" : ", ") + Texts.quote(v);
            if (b.length() + next.length() > 2 * Texts.PREVIEW) {
                return b.append(", … (").append(values.size()).append(" values)").toString();
            }
            b.append(next);
        }
        return b.toString();
    }

    private static String plural(ParameterType t) {
        return switch (t) {
            case STRING, ENUM -> "strings";
            case INTEGER -> "integers";
            case NUMBER -> "numbers";
            case BOOLEAN -> "booleans";
            case LIST -> "arrays";
            case OBJECT -> "objects";
        };
    }

    /**
     * Null when {@code v} (present) is an acceptable value of {@code p}; otherwise what follows "must be" in a
     * sentence: what was expected and what came ({@code an integer, not a string "x"}).
     */
    static String mismatch(PromptParameter p, JsonNode v) {
        ParameterType type = p.type();
        if (!isOfType(type, v)
                || (type == ParameterType.ENUM && (p.values() == null || !p.values().contains(v.textValue())))) {
            return expectation(p) + ", not " + Texts.describe(v);
        }
        if (type == ParameterType.LIST && p.items() != null) {
            List<Integer> bad = new ArrayList<>();
            for (int k = 0; k < v.size(); k++) {
                JsonNode e = v.get(k);
                if (!present(e) || !isOfType(p.items(), e)) {
                    bad.add(k);
                }
            }
            if (bad.size() == 1) {
                return expectation(p) + ": element " + bad.get(0) + " is " + Texts.describe(v.get(bad.get(0)));
            }
            if (!bad.isEmpty()) {
                return expectation(p) + ": " + bad.size() + " elements are not, the first is element " + bad.get(0)
                        + ", " + Texts.describe(v.get(bad.get(0)));
            }
        }
        return null;
    }

    private static ParameterProblem invalid(String parameter, String message) {
        return new ParameterProblem(parameter, "INVALID", message);
    }
}
