package dev.familiar.model.prompt.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A parsed template. Placeholders are {@code {{name}}} (spaces inside the braces allowed: {@code {{ name }}});
 * {@code \{{} is a literal {@code {{}; single braces, as in JSON, are plain text. A {@code {{} that opens no
 * well-formed placeholder (no closing {@code }}}, or a name that is not an identifier) is a syntax problem, never
 * silently plain text. Immutable; thread-safe.
 *
 * <p>In a run of three or more {@code {}, only the last two open a placeholder ({@code {{{x}}}} is a brace, the
 * placeholder, a brace). Offsets and lengths count {@code char}s of the original text (UTF-16 code units, as
 * {@link String} and the console's text controls do). A placeholder never spans lines: a {@code {{} with a line
 * break (or another {@code {{}) before its {@code }}} is unterminated, so a half-typed placeholder never swallows
 * the rest of the text. The full rules are in {@code docs/PROMPT_TEMPLATES.md}.
 */
public final class PromptTemplate {
    /** A placeholder and where it starts in the template (character offset of its {@code {{}, and its length). */
    public record Placeholder(String name, int start, int length) {
    }

    /** A syntax problem at {@code start} (character offset), {@code length} characters long. */
    public record SyntaxProblem(int start, int length, String message) {
    }

    /** A piece of the template for rendering: literal text (escapes already resolved) or a placeholder's name. */
    sealed interface Segment permits Literal, Slot {
    }

    record Literal(String text) implements Segment {
    }

    record Slot(String name) implements Segment {
    }

    static final int MAX_NAME_LENGTH = 64;

    private final String text;
    private final List<Placeholder> placeholders;
    private final List<String> names;
    private final List<SyntaxProblem> problems;
    private final List<Segment> segments;

    private PromptTemplate(String text, List<Placeholder> placeholders, List<SyntaxProblem> problems,
                           List<Segment> segments) {
        this.text = text;
        this.placeholders = List.copyOf(placeholders);
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        placeholders.forEach(p -> distinct.add(p.name()));
        this.names = List.copyOf(distinct);
        this.problems = List.copyOf(problems);
        this.segments = List.copyOf(segments);
    }

    /** Parses {@code text} (never throws for bad syntax: see {@link #problems()}). */
    public static PromptTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Placeholder> placeholders = new ArrayList<>();
        List<SyntaxProblem> problems = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\' && text.startsWith("{{", i + 1)) {
                literal.append("{{");
                i += 3;
                continue;
            }
            if (c != '{' || !text.startsWith("{{", i) || text.startsWith("{{{", i)) {
                // in a run of braces only the last two open a placeholder: "{{{x}}}" is "{" + {{x}} + "}"
                literal.append(c);
                i++;
                continue;
            }
            int end = scanToClose(text, i + 2);
            if (end < n && text.startsWith("}}", end)) {
                String name = text.substring(i + 2, end).strip();
                int length = end + 2 - i;
                String why = nameProblem(name);
                if (why == null) {
                    placeholders.add(new Placeholder(name, i, length));
                    if (!literal.isEmpty()) {
                        segments.add(new Literal(literal.toString()));
                        literal.setLength(0);
                    }
                    segments.add(new Slot(name));
                } else {
                    problems.add(new SyntaxProblem(i, length, why));
                    literal.append(text, i, end + 2);
                }
                i = end + 2;
            } else {
                String stop = end >= n ? "the end of the text"
                        : text.startsWith("{{", end) || text.startsWith("\\{{", end) ? "the next {{"
                        : "the end of the line";
                problems.add(new SyntaxProblem(i, end - i, "{{ is not closed by }} before " + stop
                        + " (write \\{{ for a literal {{)"));
                literal.append(text, i, end);
                i = end;
            }
        }
        if (!literal.isEmpty()) {
            segments.add(new Literal(literal.toString()));
        }
        return new PromptTemplate(text, placeholders, problems, segments);
    }

    /** The index of the first "}}", "{{", "\{{", line break or the end of {@code text}, from {@code from}. */
    private static int scanToClose(String text, int from) {
        int n = text.length();
        for (int j = from; j < n; j++) {
            char c = text.charAt(j);
            if (c == '\n' || c == '\r') {
                return j;
            }
            if ((c == '}' || c == '{') && j + 1 < n && text.charAt(j + 1) == c) {
                return j;
            }
            if (c == '\\' && text.startsWith("{{", j + 1)) {
                return j;
            }
        }
        return n;
    }

    /** Why {@code name} is not a placeholder name, or null when it is one. */
    static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a placeholder needs a name: {{name}}";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "a name has at most " + MAX_NAME_LENGTH + " characters, " + Texts.quote(name) + " has "
                    + name.length();
        }
        if (!isIdentifier(name)) {
            return Texts.quote(name) + " is not a name: letters A-Z a-z, digits and _, not starting with a digit";
        }
        return null;
    }

    static boolean isIdentifier(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !(digit && k > 0)) {
                return false;
            }
        }
        return true;
    }

    public String text() {
        return text;
    }

    /** Every placeholder occurrence in order (a name may occur more than once). */
    public List<Placeholder> placeholders() {
        return placeholders;
    }

    /** The distinct placeholder names in first-occurrence order. */
    public List<String> names() {
        return names;
    }

    public List<SyntaxProblem> problems() {
        return problems;
    }

    /** The template cut into literal text (escapes resolved) and placeholders, for the renderer. */
    List<Segment> segments() {
        return segments;
    }

    /** SHA-256 of the text's UTF-8 bytes, lower-case hex. */
    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Two templates are equal when their texts are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PromptTemplate other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "PromptTemplate[" + Texts.preview(text) + "]";
    }
}
