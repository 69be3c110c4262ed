package dev.familiar.admin.promptlab;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the lab writes its figures: tokens, cost, latency, times. */
final class LabFormat {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private LabFormat() {
    }

    /** "12 + 30 tokens". */
    static String tokens(long prompt, long completion) {
        return prompt + " + " + completion + " tokens";
    }

    /** "0.00042 USD", "—" when unknown. */
    static String cost(BigDecimal cost, String currency) {
        if (cost == null) {
            return "—";
        }
        String amount = cost.signum() == 0 ? "0" : cost.stripTrailingZeros().toPlainString();
        return currency == null || currency.isBlank() ? amount : amount + " " + currency;
    }

    /** "340 ms", "1.2 s". */
    static String latency(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
