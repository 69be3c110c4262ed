package dev.familiar.admin.promptlab.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.PromptVersionView;
import java.util.List;
import java.util.Objects;

/**
 * Two iterations side by side, as data: a header per side (version, provider and model, tokens, cost, latency,
 * status) and one line diff per part: the template (from each iteration's version), the injected data (pretty
 * JSON, keys sorted so that only real differences show), the rendered prompt and the output (or the error of a
 * failed iteration).
 *
 * @param left     the first iteration's header
 * @param right    the second iteration's header
 * @param sections template, data, rendered prompt, output, in that order
 */
public record IterationComparison(Side left, Side right, List<Section> sections) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public IterationComparison {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        sections = List.copyOf(sections);
    }

    /** One side's header: what ran, what it cost. */
    public record Side(String iterationId, String function, int version, String model, long promptTokens,
                       long completionTokens, String cost, long latencyMs, String status, boolean dryRun) {

        /** "v3 · openai gpt-4o-mini (dry run)". */
        public String versionText() {
            return "v" + version + " · " + model + (dryRun ? " (dry run)" : "");
        }

        /** "120 + 45 = 165 tokens". */
        public String tokensText() {
            return Figures.tokens(promptTokens) + " + " + Figures.tokens(completionTokens) + " = "
                    + Figures.tokens(promptTokens + completionTokens) + " tokens";
        }

        public String latencyText() {
            return Figures.latency(latencyMs);
        }

        /** "v3 · openai gpt-4o-mini · 120 + 45 = 165 tokens · 0.0012 USD · 830 ms · SUCCEEDED". */
        public String summary() {
            return String.join(" · ", versionText(), tokensText(), cost.isEmpty() ? "cost unknown" : cost,
                    latencyText(), status);
        }
    }

    /** One part compared: its name ("Template"), its side-by-side rows, and whether both sides are the same. */
    public record Section(String name, List<TextDiff.Row> rows, boolean identical) {
        public Section {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Compares {@code left} with {@code right}; their versions give the templates (null when a version could not be
     * loaded: its template then reads "(version not available)").
     */
    public static IterationComparison of(IterationView left, PromptVersionView leftVersion, IterationView right,
                                         PromptVersionView rightVersion) {
        return new IterationComparison(side(left), side(right), List.of(
                section("Template", template(leftVersion), template(rightVersion)),
                section("Data", prettyJson(left.data()), prettyJson(right.data())),
                section("Rendered prompt", text(left.renderedPrompt()), text(right.renderedPrompt())),
                section("Output", output(left), output(right))));
    }

    /** The section named {@code name}. */
    public Section section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No section " + name));
    }

    static Side side(IterationView iteration) {
        String model = (iteration.provider() == null ? "" : iteration.provider())
                + (iteration.model() == null || iteration.model().isBlank() ? "" : " " + iteration.model());
        return new Side(iteration.id(), iteration.function(), iteration.version(), model.strip(),
                iteration.promptTokens(), iteration.completionTokens(),
                Figures.cost(iteration.cost(), iteration.currency()), iteration.latencyMs(),
                iteration.status() == null ? "" : iteration.status(), iteration.dryRun());
    }

    /** Pretty JSON with sorted keys ("" for none). */
    static String prettyJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        try {
            Object plain = JSON.treeToValue(node, Object.class);
            return JSON.writeValueAsString(plain).replace("\r\n", "\n");
        } catch (Exception e) {
            return node.toPrettyString();
        }
    }

    private static Section section(String name, String left, String right) {
        List<TextDiff.Row> rows = TextDiff.sideBySide(left, right);
        return new Section(name, rows, TextDiff.identical(rows));
    }

    private static String template(PromptVersionView version) {
        return version == null ? "(version not available)" : text(version.template());
    }

    private static String output(IterationView iteration) {
        if ("FAILED".equals(iteration.status())) {
            return "FAILED: " + text(iteration.error());
        }
        return text(iteration.output());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
