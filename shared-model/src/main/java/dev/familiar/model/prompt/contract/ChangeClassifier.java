package dev.familiar.model.prompt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Computes how a newer version differs from an older one (see {@link ChangeClass}). Thread-safe.
 *
 * <p>The question is "can a caller of the older version call the newer one unchanged?". {@code MAJOR}: a parameter
 * removed (a rename is a removal and an addition), retyped (any type change, even a widening one such as integer to
 * number), narrowed (enum values removed, list items typed or retyped), made required, or a required one added.
 * {@code MINOR}: an optional parameter added, enum values added, a required parameter made optional, a default
 * changed, list items untyped. {@code PATCH}: everything else (template text, settings, descriptions, order), and
 * two identical versions. The full table is in {@code docs/PROMPT_TEMPLATES.md}.
 */
public final class ChangeClassifier {
    /** The class, the breaking differences (empty unless MAJOR) and a sentence per difference found. */
    public record Classification(ChangeClass changeClass, List<Incompatibility> breaking, List<String> changes) {
    }

    static final String REMOVED = "REMOVED";
    static final String RETYPED = "RETYPED";
    static final String NARROWED = "NARROWED";
    static final String REQUIRED_ADDED = "REQUIRED_ADDED";
    static final String MADE_REQUIRED = "MADE_REQUIRED";

    private ChangeClassifier() {
    }

    /**
     * How {@code newer*} differs from {@code older*}. Null settings count as {@link PromptSettings#NONE}. Schemas are
     * expected to be valid ({@link ParameterSchema#problems()} empty); entries without a name are ignored.
     */
    public static Classification classify(PromptTemplate olderTemplate, ParameterSchema older, PromptSettings olderSettings,
                                          PromptTemplate newerTemplate, ParameterSchema newer, PromptSettings newerSettings) {
        Diff diff = new Diff();
        compareTemplates(olderTemplate, newerTemplate, newer, diff);
        compareSettings(olderSettings == null ? PromptSettings.NONE : olderSettings,
                newerSettings == null ? PromptSettings.NONE : newerSettings, diff);
        compareParameters(byName(older), byName(newer), diff);
        return new Classification(diff.changeClass, List.copyOf(diff.breaking), List.copyOf(diff.changes));
    }

    private static final class Diff {
        ChangeClass changeClass = ChangeClass.PATCH;
        final List<Incompatibility> breaking = new ArrayList<>();
        final List<String> changes = new ArrayList<>();

        void patch(String sentence) {
            changes.add(sentence);
        }

        void minor(String sentence) {
            changes.add(sentence);
            if (changeClass == ChangeClass.PATCH) {
                changeClass = ChangeClass.MINOR;
            }
        }

        void major(String parameter, String kind, String sentence) {
            changes.add(sentence);
            breaking.add(new Incompatibility(parameter, kind, sentence));
            changeClass = ChangeClass.MAJOR;
        }
    }

    private static Map<String, PromptParameter> byName(ParameterSchema schema) {
        Map<String, PromptParameter> out = new LinkedHashMap<>();
        if (schema != null) {
            for (PromptParameter p : schema.parameters()) {
                if (p != null && p.name() != null) {
                    out.putIfAbsent(p.name(), p);
                }
            }
        }
        return out;
    }

    private static void compareTemplates(PromptTemplate older, PromptTemplate newer, ParameterSchema newerSchema,
                                         Diff diff) {
        if (older.text().equals(newer.text())) {
            return;
        }
        diff.patch("the template text changed");
        Set<String> dropped = new LinkedHashSet<>(older.names());
        dropped.removeAll(newer.names());
        for (String name : dropped) {
            if (newerSchema != null && newerSchema.parameter(name) != null) {
                diff.patch("the template no longer uses {{" + name + "}} (parameter " + name + " is kept)");
            }
        }
        Set<String> added = new LinkedHashSet<>(newer.names());
        added.removeAll(older.names());
        for (String name : added) {
            diff.patch("the template now uses {{" + name + "}}");
        }
    }

    private static void compareSettings(PromptSettings older, PromptSettings newer, Diff diff) {
        setting("provider", older, newer, PromptSettings::provider, diff);
        setting("model", older, newer, PromptSettings::model, diff);
        setting("temperature", older, newer, PromptSettings::temperature, diff);
        setting("max tokens", older, newer, PromptSettings::maxTokens, diff);
        setting("response format", older, newer, PromptSettings::responseFormat, diff);
        if (!Objects.equals(older.system(), newer.system())) {
            diff.patch(older.system() == null ? "settings: a system message was added"
                    : newer.system() == null ? "settings: the system message was removed"
                    : "settings: the system message changed");
        }
    }

    private static void setting(String label, PromptSettings older, PromptSettings newer,
                                Function<PromptSettings, Object> field, Diff diff) {
        Object a = field.apply(older);
        Object b = field.apply(newer);
        if (!Objects.equals(a, b)) {
            diff.patch("settings: " + label + " " + shown(a) + " → " + shown(b));
        }
    }

    private static String shown(Object v) {
        return v == null ? "(default)" : Texts.preview(v.toString());
    }

    private static void compareParameters(Map<String, PromptParameter> older, Map<String, PromptParameter> newer,
                                          Diff diff) {
        List<PromptParameter> removed = older.values().stream().filter(p -> !newer.containsKey(p.name())).toList();
        List<PromptParameter> added = newer.values().stream().filter(p -> !older.containsKey(p.name())).toList();
        Map<String, String> renames = likelyRenames(removed, added);

        for (PromptParameter was : older.values()) {
            PromptParameter now = newer.get(was.name());
            if (now == null) {
                String to = renames.get(was.name());
                diff.major(was.name(), REMOVED, "parameter " + was.name() + " was removed"
                        + (to == null ? "" : " (likely renamed to " + to
                        + ": a rename breaks callers like a removal)"));
            } else {
                compareParameter(was, now, diff);
            }
        }
        for (PromptParameter p : added) {
            if (p.required()) {
                diff.major(p.name(), REQUIRED_ADDED, "required parameter " + p.name() + " (" + typeName(p)
                        + ") was added: callers do not send it yet");
            } else {
                diff.minor("optional parameter " + p.name() + " (" + typeName(p) + ", default "
                        + Texts.preview(String.valueOf(p.defaultValue())) + ") was added");
            }
        }
        List<String> keptOld = older.keySet().stream().filter(newer::containsKey).toList();
        List<String> keptNew = newer.keySet().stream().filter(older::containsKey).toList();
        if (!keptOld.equals(keptNew)) {
            diff.patch("the parameters were reordered");
        }
    }

    /** Removed name → added name, when one added parameter has its type and no other removed one shares it. */
    private static Map<String, String> likelyRenames(List<PromptParameter> removed, List<PromptParameter> added) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PromptParameter r : removed) {
            List<PromptParameter> same = added.stream().filter(a -> a.type() == r.type()).toList();
            long rivals = removed.stream().filter(o -> o.type() == r.type()).count();
            if (same.size() == 1 && rivals == 1) {
                out.put(r.name(), same.get(0).name());
            }
        }
        return out;
    }

    private static void compareParameter(PromptParameter was, PromptParameter now, Diff diff) {
        String name = was.name();
        boolean sameType = was.type() == now.type();
        if (!sameType) {
            diff.major(name, RETYPED, "parameter " + name + " changed type from " + typeName(was) + " to "
                    + typeName(now));
        }
        if (was.required() && !now.required()) {
            diff.minor("parameter " + name + " became optional (default "
                    + Texts.preview(String.valueOf(now.defaultValue())) + ")");
        } else if (!was.required() && now.required()) {
            diff.major(name, MADE_REQUIRED, "parameter " + name + " became required: callers that leave it out break");
        } else if (!was.required() && !Objects.equals(was.defaultValue(), now.defaultValue())) {
            String from = Texts.preview(String.valueOf(was.defaultValue()));
            String to = Texts.preview(String.valueOf(now.defaultValue()));
            if (sameValue(was.defaultValue(), now.defaultValue())) {
                diff.patch("parameter " + name + " default is written differently (" + from + " → " + to
                        + "), the same value");
            } else {
                diff.minor("parameter " + name + " default changed from " + from + " to " + to);
            }
        }
        if (sameType && was.type() == ParameterType.ENUM) {
            compareEnumValues(name, was.values() == null ? List.of() : was.values(),
                    now.values() == null ? List.of() : now.values(), diff);
        }
        if (sameType && was.type() == ParameterType.LIST && was.items() != now.items()) {
            if (was.items() == null) {
                diff.major(name, NARROWED, "parameter " + name + " now only accepts " + typeName(now)
                        + " where it accepted any array");
            } else if (now.items() == null) {
                diff.minor("parameter " + name + " now accepts any array (was " + typeName(was) + ")");
            } else {
                diff.major(name, RETYPED, "parameter " + name + " changed its elements from " + typeName(was)
                        + " to " + typeName(now));
            }
        }
        if (!Objects.equals(was.description(), now.description())) {
            diff.patch("parameter " + name + " description changed");
        }
    }

    /** Equal, numbers compared by value (3, 3.0 and 3.00 alike, whichever Jackson node type holds them). */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(NUMERIC_VALUE, b);
    }

    private static final Comparator<JsonNode> NUMERIC_VALUE = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    private static void compareEnumValues(String name, List<String> was, List<String> now, Diff diff) {
        List<String> removed = was.stream().filter(v -> !now.contains(v)).toList();
        List<String> added = now.stream().filter(v -> !was.contains(v)).toList();
        if (!removed.isEmpty()) {
            diff.major(name, NARROWED, "parameter " + name + " no longer accepts " + quoted(removed));
        }
        if (!added.isEmpty()) {
            diff.minor("parameter " + name + " now also accepts " + quoted(added));
        }
        if (removed.isEmpty() && added.isEmpty() && !was.equals(now)) {
            diff.patch("parameter " + name + " lists its values in another order");
        }
    }

    private static String quoted(List<String> values) {
        List<String> shown = values.stream().limit(10).map(Texts::quote).toList();
        return String.join(", ", shown) + (values.size() > 10 ? " and " + (values.size() - 10) + " more" : "");
    }

    private static String typeName(PromptParameter p) {
        if (p.type() == null) {
            return "no type";
        }
        if (p.type() == ParameterType.LIST) {
            return p.items() == null ? "list" : "list of " + p.items().json();
        }
        return p.type().json();
    }
}
