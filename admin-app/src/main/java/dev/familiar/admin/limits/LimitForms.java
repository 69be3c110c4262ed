package dev.familiar.admin.limits;

import dev.familiar.model.tokens.TenantLimitBounds;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks of the screen's forms, run on every keystroke (the form's confirm button stays disabled while one
 * fails). The server checks again; its refusal re-opens the form with its problems next to the fields.
 */
public final class LimitForms {
    /** A tier's name: an upper-case letter, then up to 19 upper-case letters, digits or underscores. */
    public static final Pattern TIER_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,19}");
    /** The largest capacity or leak multiplier a tier may have (and it must be more than 0). */
    public static final double MAX_MULTIPLIER = 100;

    static final String NAME = "name";
    static final String PRIORITY = "priority";
    static final String QUOTA = "quotaMaxTokens";
    static final String CAPACITY_MULTIPLIER = "capacityMultiplier";
    static final String LEAK_MULTIPLIER = "leakMultiplier";
    static final String TENANT = "tenantId";
    static final String CAPACITY = "capacity";
    static final String WINDOW = "windowSeconds";
    static final String TOTAL = "totalTokens";

    private LimitForms() {
    }

    /**
     * A tier's form: priority a whole number ≥ 0 (FREE is 0), quota per window a whole number > 0, both multipliers in
     * (0, 100]; a new tier's name matches {@link #TIER_NAME} and is not taken ({@code taken} null: an existing tier,
     * no name field).
     */
    public static Map<String, String> tierProblems(Map<String, String> values, Collection<String> taken) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (taken != null) {
            String name = value(values, NAME);
            if (name.isEmpty()) {
                problems.put(NAME, "required");
            } else if (!TIER_NAME.matcher(name).matches()) {
                problems.put(NAME, "A-Z first, then A-Z, 0-9 or _, at most 20 characters");
            } else if (taken.contains(name)) {
                problems.put(NAME, "a tier " + name + " exists already");
            }
        }
        wholeNumber(values, PRIORITY, 0, Integer.MAX_VALUE, problems);
        wholeNumber(values, QUOTA, 1, Long.MAX_VALUE, problems);
        multiplier(values, CAPACITY_MULTIPLIER, problems);
        multiplier(values, LEAK_MULTIPLIER, problems);
        return problems;
    }

    /**
     * A tenant limit's form: capacity a whole number > 0, the window within the platform's range; for a tenant admin
     * also capacity ≤ {@code maxCapacity} and capacity / window ≤ {@code maxLeakPerSecond}. {@code askTenant}: the
     * tenant id is a field too (an administrator giving a tenant its first limit).
     */
    public static Map<String, String> tenantLimitProblems(Map<String, String> values, TenantLimitBounds bounds,
                                                          boolean tenantAdmin, boolean askTenant) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (askTenant && value(values, TENANT).isEmpty()) {
            problems.put(TENANT, "required");
        }
        long maxCapacity = tenantAdmin && bounds != null ? bounds.maxCapacity() : Long.MAX_VALUE;
        Long capacity = wholeNumber(values, CAPACITY, 1, Long.MAX_VALUE, problems);
        if (capacity != null && capacity > maxCapacity) {
            problems.put(CAPACITY, "at most " + LimitsFormat.number(maxCapacity) + " (the platform's bound)");
        }
        long minWindow = bounds == null ? 1 : Math.max(1, bounds.minWindowSeconds());
        long maxWindow = bounds == null ? Long.MAX_VALUE : bounds.maxWindowSeconds();
        Long window = wholeNumber(values, WINDOW, 1, Long.MAX_VALUE, problems);
        if (window != null && (window < minWindow || window > maxWindow)) {
            problems.put(WINDOW, "between " + LimitsFormat.number(minWindow) + " and " + LimitsFormat.number(maxWindow)
                    + " seconds");
        }
        if (tenantAdmin && bounds != null && capacity != null && window != null && !problems.containsKey(CAPACITY)
                && !problems.containsKey(WINDOW) && (double) capacity / window > bounds.maxLeakPerSecond()) {
            problems.put(CAPACITY, "leaks " + LimitsFormat.decimal((double) capacity / window) + "/s, at most "
                    + LimitsFormat.decimal(bounds.maxLeakPerSecond()) + "/s: lower it or lengthen the window");
        }
        return problems;
    }

    /** An organisation quota's form: tokens per window a whole number > 0. */
    public static Map<String, String> orgQuotaProblems(Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        wholeNumber(values, TOTAL, 1, Long.MAX_VALUE, problems);
        return problems;
    }

    /** The whole number in {@code field} (commas and spaces allowed), or null with a problem noted. */
    static Long wholeNumber(Map<String, String> values, String field, long min, long max,
                            Map<String, String> problems) {
        String text = value(values, field).replace(",", "").replace("_", "").replace(" ", "");
        if (text.isEmpty()) {
            problems.put(field, "required");
            return null;
        }
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException e) {
            problems.put(field, "a whole number");
            return null;
        }
        if (number < min) {
            problems.put(field, min == 1 ? "more than 0" : "at least " + LimitsFormat.number(min));
            return null;
        }
        if (number > max) {
            problems.put(field, "at most " + LimitsFormat.number(max));
            return null;
        }
        return number;
    }

    private static void multiplier(Map<String, String> values, String field, Map<String, String> problems) {
        String text = value(values, field);
        if (text.isEmpty()) {
            problems.put(field, "required");
            return;
        }
        double number;
        try {
            number = Double.parseDouble(text.replace(",", "."));
        } catch (NumberFormatException e) {
            problems.put(field, "a number such as 1.5");
            return;
        }
        if (Double.isNaN(number) || number <= 0 || number > MAX_MULTIPLIER) {
            problems.put(field, "more than 0 and at most 100");
        }
    }

    /** Parses a field this class has checked. */
    static long longOf(Map<String, String> values, String field) {
        return Long.parseLong(value(values, field).replace(",", "").replace("_", "").replace(" ", ""));
    }

    static int intOf(Map<String, String> values, String field) {
        return Math.toIntExact(longOf(values, field));
    }

    static double doubleOf(Map<String, String> values, String field) {
        return Double.parseDouble(value(values, field).replace(",", "."));
    }

    static String value(Map<String, String> values, String field) {
        String value = values.get(field);
        return value == null ? "" : value.trim();
    }

    static String upper(String text) {
        return text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    }
}
