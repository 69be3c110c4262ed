package dev.familiar.admin.promptlab.compare;

import dev.familiar.model.prompt.IterationView;
import java.util.Objects;

/**
 * One data set row run by both versions: its label and each side's iteration (null when that batch did not reach
 * the row, for example after a cancel).
 */
public record ComparisonRow(int index, String label, IterationView left, IterationView right) {

    public String labelText() {
        return label == null || label.isBlank() ? "row " + (index + 1) : label;
    }

    public String leftOutput() {
        return output(left);
    }

    public String rightOutput() {
        return output(right);
    }

    /** "165 / 170". */
    public String tokensText() {
        return pair(left == null ? null : Figures.tokens(tokens(left)),
                right == null ? null : Figures.tokens(tokens(right)));
    }

    /** "0.0012 USD / 0.0015 USD". */
    public String costText() {
        return pair(left == null ? null : Figures.cost(left.cost(), left.currency()),
                right == null ? null : Figures.cost(right.cost(), right.currency()));
    }

    /** "830 ms / 910 ms". */
    public String latencyText() {
        return pair(left == null ? null : Figures.latency(left.latencyMs()),
                right == null ? null : Figures.latency(right.latencyMs()));
    }

    /** "same output", "different output", "A failed", "B failed", "both failed", "not run by A"… */
    public String statusText() {
        if (left == null || right == null) {
            return left == null && right == null ? "not run" : left == null ? "not run by A" : "not run by B";
        }
        boolean leftFailed = failed(left);
        boolean rightFailed = failed(right);
        if (leftFailed || rightFailed) {
            return leftFailed && rightFailed ? "both failed" : leftFailed ? "A failed" : "B failed";
        }
        return Objects.equals(left.output(), right.output()) ? "same output" : "different output";
    }

    /** Whether both sides ran, so the row can be opened in the iteration diff. */
    public boolean canOpen() {
        return left != null && right != null;
    }

    static boolean failed(IterationView iteration) {
        return "FAILED".equals(iteration.status());
    }

    static long tokens(IterationView iteration) {
        return iteration.promptTokens() + iteration.completionTokens();
    }

    private static String output(IterationView iteration) {
        if (iteration == null) {
            return "";
        }
        if (failed(iteration)) {
            return "FAILED: " + (iteration.error() == null ? "" : iteration.error());
        }
        return iteration.output() == null ? "" : iteration.output();
    }

    private static String pair(String left, String right) {
        return (left == null ? "–" : left) + " / " + (right == null ? "–" : right);
    }
}
