package dev.familiar.model.prompt.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** Short, safe renderings of names and values for messages: nothing a caller sent is echoed past a few dozen chars. */
final class Texts {
    /** The most characters of a value (or a name) a message shows. */
    static final int PREVIEW = 60;

    private Texts() {
    }

    /** {@code s} cut to {@link #PREVIEW} characters (an ellipsis marks the cut), line breaks shown as {@code \n}. */
    static String preview(String s) {
        if (s == null) {
            return "null";
        }
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        if (one.length() <= PREVIEW) {
            return one;
        }
        int cut = PREVIEW;
        if (Character.isHighSurrogate(one.charAt(cut - 1))) {
            cut--;
        }
        return one.substring(0, cut) + "…";
    }

    /** {@code s} in double quotes, previewed. */
    static String quote(String s) {
        return "\"" + preview(s) + "\"";
    }

    /** A parameter name for a message: as is when it is an identifier, quoted and previewed otherwise. */
    static String name(String s) {
        return PromptTemplate.isIdentifier(s) ? s : quote(s);
    }

    /** What kind of JSON value {@code node} is, with a short preview: "a string \"abc\"", "the number 3.5"… */
    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string " + quote(node.textValue());
        }
        if (node.isNumber()) {
            return "the number " + preview(node.toString());
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        if (node.isArray()) {
            return "an array of " + node.size() + (node.size() == 1 ? " element" : " elements");
        }
        if (node.isObject()) {
            return "an object";
        }
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " value";
    }
}
