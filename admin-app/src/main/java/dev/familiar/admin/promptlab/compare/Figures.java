package dev.familiar.admin.promptlab.compare;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the comparisons write tokens, costs and latencies. */
final class Figures {
    private Figures() {
    }

    /** "1,234". */
    static String tokens(long tokens) {
        return String.format(java.util.Locale.ROOT, "%,d", tokens);
    }

    /** "0.0012 USD", "0 USD", "" when unknown; at most 6 decimals. */
    static String cost(BigDecimal cost, String currency) {
        if (cost == null) {
            return "";
        }
        String amount = cost.setScale(Math.min(6, Math.max(0, cost.scale())), RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        return currency == null || currency.isBlank() ? amount : amount + " " + currency;
    }

    /** "830 ms". */
    static String latency(long millis) {
        return millis + " ms";
    }

    /** "830 ms" from a mean, rounded. */
    static String latency(double millis) {
        return Math.round(millis) + " ms";
    }
}
