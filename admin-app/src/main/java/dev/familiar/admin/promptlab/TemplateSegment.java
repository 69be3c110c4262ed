package dev.familiar.admin.promptlab;

/**
 * A run of the template text as the highlighted preview shows it: plain text, a placeholder the schema declares, a
 * placeholder it does not declare, or text with a syntax problem ({@code message} says which).
 */
public record TemplateSegment(String text, Kind kind, String message) {
    /** How a segment is shown. */
    public enum Kind { TEXT, PLACEHOLDER, UNKNOWN_PLACEHOLDER, PROBLEM }

    static TemplateSegment text(String text) {
        return new TemplateSegment(text, Kind.TEXT, null);
    }
}
