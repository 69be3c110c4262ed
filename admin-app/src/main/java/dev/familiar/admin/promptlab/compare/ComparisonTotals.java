package dev.familiar.admin.promptlab.compare;

import dev.familiar.model.prompt.IterationView;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The totals of a row-by-row comparison, per side: rows run, tokens (prompt + completion), cost, mean latency and
 * failures. Rows a side did not reach count for neither its mean nor its failures.
 */
public record ComparisonTotals(Side left, Side right) {

    /** One side's totals; {@code currency} null when its rows named none (or several). */
    public record Side(int rows, long tokens, BigDecimal cost, String currency, double meanLatencyMs, int failures) {

        public String tokensText() {
            return Figures.tokens(tokens);
        }

        public String costText() {
            return Figures.cost(cost, currency);
        }

        public String latencyText() {
            return rows == 0 ? "–" : Figures.latency(meanLatencyMs);
        }

        /** "1 of 20 failed". */
        public String failuresText() {
            return failures + " of " + rows + " failed";
        }
    }

    public static ComparisonTotals of(List<ComparisonRow> rows) {
        return new ComparisonTotals(side(rows, ComparisonRow::left), side(rows, ComparisonRow::right));
    }

    private static Side side(List<ComparisonRow> rows, Function<ComparisonRow, IterationView> pick) {
        List<IterationView> ran = rows.stream().map(pick).filter(Objects::nonNull).toList();
        long tokens = ran.stream().mapToLong(ComparisonRow::tokens).sum();
        BigDecimal cost = ran.stream().map(IterationView::cost).filter(Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<String> currencies = ran.stream().map(IterationView::currency).filter(Objects::nonNull).distinct().toList();
        double mean = ran.stream().mapToLong(IterationView::latencyMs).average().orElse(0);
        int failures = (int) ran.stream().filter(ComparisonRow::failed).count();
        return new Side(ran.size(), tokens, cost, currencies.size() == 1 ? currencies.get(0) : null, mean, failures);
    }
}
