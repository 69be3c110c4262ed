package dev.familiar.admin.limits;

import dev.familiar.model.tokens.TenantLimitBounds;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The texts the Quotas and limits screen shows for numbers, bounds and times. */
final class LimitsFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private LimitsFormat() {
    }

    /** 1234567 → "1,234,567". */
    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** 1.5 → "1.5", 2.0 → "2", 0.3333 → "0.333". */
    static String decimal(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** "Changes reach every server within 30 seconds." */
    static String refresh(int seconds) {
        return seconds <= 0 ? "Changes apply on this server at once; other servers pick them up on their next refresh."
                : "Changes reach every server within " + seconds + (seconds == 1 ? " second." : " seconds.");
    }

    /** "Platform bounds: capacity ≤ 10,000 · leak ≤ 50/s · window 1–3,600 s · defaults 1,000 per 60 s". */
    static String bounds(TenantLimitBounds bounds) {
        if (bounds == null) {
            return "";
        }
        return "Platform bounds for a tenant admin: capacity \u2264 " + number(bounds.maxCapacity())
                + " \u00b7 leak \u2264 " + decimal(bounds.maxLeakPerSecond()) + "/s \u00b7 window "
                + number(bounds.minWindowSeconds()) + "\u2013" + number(bounds.maxWindowSeconds())
                + " s \u00b7 defaults " + number(bounds.defaultCapacity()) + " per "
                + number(bounds.defaultWindowSeconds()) + " s";
    }
}
