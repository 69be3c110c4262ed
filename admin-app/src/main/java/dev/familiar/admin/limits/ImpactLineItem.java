package dev.familiar.admin.limits;

import dev.familiar.model.tokens.ImpactLine;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of a change's preview ("what changes for whom"): who it touches, what changes, from what to what, and
 * whether it leaves a quota exhausted (the server says so in the line's text: "exhausted").
 */
public record ImpactLineItem(ImpactLine line) {
    public ImpactLineItem {
        Objects.requireNonNull(line, "line");
    }

    public String who() {
        return text(line.who());
    }

    public String what() {
        return text(line.what());
    }

    public String before() {
        return text(line.before());
    }

    public String after() {
        return text(line.after());
    }

    /** True when the change would leave a quota used up in its current window: shown highlighted. */
    public boolean exhausted() {
        return (who() + " " + what() + " " + after()).toLowerCase(Locale.ROOT).contains("exhaust");
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
