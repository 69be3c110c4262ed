package dev.familiar.model.prompt.contract;

import java.util.List;

/**
 * A parsed template. Placeholders are {@code {{name}}} (spaces inside the braces allowed: {@code {{ name }}});
 * {@code \{{} is a literal {@code {{}; single braces, as in JSON, are plain text. A {@code {{} that opens no
 * well-formed placeholder (no closing {@code }}}, or a name that is not an identifier) is a syntax problem, never
 * silently plain text. Immutable; thread-safe.
 */
public final class PromptTemplate {
    /** A placeholder and where it starts in the template (character offset of its {@code {{}, and its length). */
    public record Placeholder(String name, int start, int length) {
    }

    /** A syntax problem at {@code start} (character offset), {@code length} characters long. */
    public record SyntaxProblem(int start, int length, String message) {
    }

    private PromptTemplate() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /** Parses {@code text} (never throws for bad syntax: see {@link #problems()}). */
    public static PromptTemplate parse(String text) {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    public String text() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /** Every placeholder occurrence in order (a name may occur more than once). */
    public List<Placeholder> placeholders() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /** The distinct placeholder names in first-occurrence order. */
    public List<String> names() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    public List<SyntaxProblem> problems() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /** SHA-256 of the text's UTF-8 bytes, lower-case hex. */
    public String hash() {
        throw new UnsupportedOperationException("TODO domain helper");
    }
}
