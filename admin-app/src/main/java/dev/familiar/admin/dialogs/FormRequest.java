package dev.familiar.admin.dialogs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small form (create a plan, invite a user): fields with their initial values, and a validation that names each
 * offending field, run on every change so the problems show inline and the confirm button stays disabled until
 * there are none. Answers the values by field name, or nothing when cancelled.
 *
 * @param header     one line above the fields
 * @param fields     the fields, in order
 * @param validation from the current values to field → problem (empty when the form can be sent)
 * @param confirmText the confirm button's text
 */
public record FormRequest(String title, String header, List<Field> fields,
                          Function<Map<String, String>, Map<String, String>> validation, String confirmText)
        implements DialogRequest<Map<String, String>> {
    public FormRequest {
        fields = List.copyOf(fields);
        Objects.requireNonNull(validation, "validation");
    }

    /** What a field takes. */
    public enum Kind { TEXT, NUMBER, CHOICE, CHECKBOX, MULTILINE }

    /**
     * One field.
     *
     * @param name    the key of its value in the answer
     * @param label   what the operator reads
     * @param kind    how it is edited
     * @param initial its first value ("true"/"false" for a checkbox)
     * @param choices the options of a {@link Kind#CHOICE} (empty otherwise)
     * @param prompt  the hint shown while empty
     */
    public record Field(String name, String label, Kind kind, String initial, List<String> choices, String prompt) {
        public Field {
            Objects.requireNonNull(name, "name");
            choices = List.copyOf(choices);
            initial = initial == null ? "" : initial;
            prompt = prompt == null ? "" : prompt;
        }

        public static Field text(String name, String label, String initial, String prompt) {
            return new Field(name, label, Kind.TEXT, initial, List.of(), prompt);
        }

        public static Field number(String name, String label, String initial) {
            return new Field(name, label, Kind.NUMBER, initial, List.of(), "");
        }

        public static Field choice(String name, String label, String initial, List<String> choices) {
            return new Field(name, label, Kind.CHOICE, initial, choices, "");
        }

        public static Field checkbox(String name, String label, boolean initial) {
            return new Field(name, label, Kind.CHECKBOX, Boolean.toString(initial), List.of(), "");
        }
    }
}
