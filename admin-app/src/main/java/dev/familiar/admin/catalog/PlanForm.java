package dev.familiar.admin.catalog;

import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.dialogs.FormRequest.Field;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plan form (create and edit) and its inline validation, which mirrors the server's rules for
 * {@code PUT /api/admin/catalog/plans/{code}} (quota-server {@code catalog/CatalogRoutes}) so the operator sees a
 * problem next to its field before anything is sent; the server still checks everything. The price is typed in major
 * units ("49.00") and sent in minor units, with the currency's own number of decimals.
 */
public final class PlanForm {
    static final Pattern PLAN_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern PRICE_ID = Pattern.compile("price_[A-Za-z0-9]{1,249}");
    static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");
    static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    static final long MAX_AMOUNT = 100_000_000L;
    static final long MAX_UNITS = 1_000_000_000_000L;
    static final int MAX_TRIAL_DAYS = 365;
    static final int MAX_TIER = 1000;

    static final String CODE = "code";
    static final String NAME = "name";
    static final String PRICE = "price";
    static final String CURRENCY_FIELD = "currency";
    static final String INTERVAL = "interval";
    static final String TRIAL_DAYS = "trialDays";
    static final String TIER = "tier";
    static final String UNITS = "includedUnits";
    static final String STRIPE_PRICE = "stripePriceId";

    private PlanForm() {
    }

    /** The form of a new plan; its code must be free ({@code takenCodes} are those of the plans listed). */
    public static FormRequest create(Set<String> takenCodes, int nextTier) {
        List<Field> fields = List.of(
                Field.text(CODE, "Code", "", "e.g. team (a-z, 0-9, - and _)"),
                Field.text(NAME, "Name", "", "e.g. Team"),
                Field.text(PRICE, "Price", "", "e.g. 19.00"),
                Field.text(CURRENCY_FIELD, "Currency", "usd", "3 letters, e.g. usd"),
                Field.choice(INTERVAL, "Billed every", "month", List.of("month", "year")),
                Field.number(TRIAL_DAYS, "Trial days", "0"),
                Field.number(TIER, "Tier (higher is more expensive)", Integer.toString(nextTier)),
                Field.text(UNITS, "Included units", "api_call=1000", "metric=units, … e.g. api_call=1000"),
                Field.text(STRIPE_PRICE, "Stripe price id", "", "optional, e.g. price_1PqRsT"));
        return new FormRequest("New plan", "A new plan of the catalog. Create its price in Stripe first, or add the "
                + "Stripe price id later.", fields, values -> validate(values, true, takenCodes), "Create plan");
    }

    /** The form of an existing plan, filled with its values; the code cannot change. */
    public static FormRequest edit(PlanItemViewModel plan) {
        List<Field> fields = List.of(
                Field.text(NAME, "Name", plan.name(), ""),
                Field.text(PRICE, "Price", PlanItemViewModel.majorUnits(plan.amount(), plan.currency()).toPlainString(),
                        ""),
                Field.text(CURRENCY_FIELD, "Currency", plan.currency(), "3 letters, e.g. usd"),
                Field.choice(INTERVAL, "Billed every", plan.interval(), List.of("month", "year")),
                Field.number(TRIAL_DAYS, "Trial days", Integer.toString(plan.trialDays())),
                Field.number(TIER, "Tier (higher is more expensive)", Integer.toString(plan.tier())),
                Field.text(UNITS, "Included units", unitsText(plan.includedUnits()), "metric=units, …"),
                Field.text(STRIPE_PRICE, "Stripe price id", plan.stripePriceId() == null ? "" : plan.stripePriceId(),
                        "optional, e.g. price_1PqRsT"));
        return new FormRequest("Edit plan " + plan.code(), "Changes apply to new sign-ups and the next renewal of "
                + "organisations on " + plan.code() + ".", fields, values -> validate(values, false, Set.of()),
                "Save plan");
    }

    /**
     * The problems of {@code values}, by field name (empty: the form can be sent).
     *
     * @param creating   whether the code is part of the form (a new plan)
     * @param takenCodes codes a new plan may not take (they would replace an existing plan)
     */
    public static Map<String, String> validate(Map<String, String> values, boolean creating, Set<String> takenCodes) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (creating) {
            String code = value(values, CODE);
            if (!PLAN_CODE.matcher(code).matches()) {
                problems.put(CODE, "Lower-case letters, digits, - and _ (up to 64), starting with a letter or digit");
            } else if (takenCodes.contains(code)) {
                problems.put(CODE, "A plan " + code + " exists already: edit it instead");
            }
        }
        String name = value(values, NAME);
        if (name.isEmpty() || name.length() > 200) {
            problems.put(NAME, "Required, up to 200 characters");
        }
        String currency = value(values, CURRENCY_FIELD);
        if (!CURRENCY.matcher(currency).matches()) {
            problems.put(CURRENCY_FIELD, "3 letters, e.g. usd");
        }
        String priceProblem = priceProblem(value(values, PRICE), currency);
        if (priceProblem != null) {
            problems.put(PRICE, priceProblem);
        }
        String interval = value(values, INTERVAL);
        if (!interval.equals("month") && !interval.equals("year")) {
            problems.put(INTERVAL, "month or year");
        }
        if (wholeNumber(value(values, TRIAL_DAYS), 0, MAX_TRIAL_DAYS) == null) {
            problems.put(TRIAL_DAYS, "A whole number from 0 to " + MAX_TRIAL_DAYS);
        }
        if (wholeNumber(value(values, TIER), 0, MAX_TIER) == null) {
            problems.put(TIER, "A whole number from 0 to " + MAX_TIER);
        }
        String unitsProblem = unitsProblem(value(values, UNITS));
        if (unitsProblem != null) {
            problems.put(UNITS, unitsProblem);
        }
        String priceId = value(values, STRIPE_PRICE);
        if (!priceId.isEmpty() && !PRICE_ID.matcher(priceId).matches()) {
            problems.put(STRIPE_PRICE, "Empty, or a Stripe price id: price_ then letters and digits");
        }
        return problems;
    }

    /**
     * The draft of valid form values ({@link #validate} found nothing); {@code code} is the edited plan's code, or
     * null to take the form's.
     */
    public static PlanDraft draft(Map<String, String> values, String code) {
        String currency = value(values, CURRENCY_FIELD).toLowerCase(Locale.ROOT);
        String priceId = value(values, STRIPE_PRICE);
        return new PlanDraft(code == null ? value(values, CODE) : code, value(values, NAME),
                priceId.isEmpty() ? null : priceId, currency, minorUnits(value(values, PRICE), currency),
                value(values, INTERVAL), wholeNumber(value(values, TRIAL_DAYS), 0, MAX_TRIAL_DAYS).intValue(),
                wholeNumber(value(values, TIER), 0, MAX_TIER).intValue(), units(value(values, UNITS)));
    }

    /** "api_call=1000, seats=5". */
    static String unitsText(Map<String, Long> units) {
        StringBuilder text = new StringBuilder();
        units.forEach((metric, n) -> text.append(text.length() == 0 ? "" : ", ").append(metric).append('=').append(n));
        return text.toString();
    }

    private static String priceProblem(String text, String currency) {
        if (!text.matches("\\d{1,12}(\\.\\d{1,8})?")) {
            return "A price such as 19.00";
        }
        BigDecimal price = new BigDecimal(text);
        int digits = PlanItemViewModel.fractionDigits(currency);
        if (price.signum() <= 0) {
            return "Must be more than 0";
        }
        if (price.stripTrailingZeros().scale() > digits) {
            return digits == 0 ? "No decimals in " + currency.toUpperCase(Locale.ROOT) : "At most " + digits + " decimals";
        }
        if (price.movePointRight(digits).compareTo(BigDecimal.valueOf(MAX_AMOUNT)) > 0) {
            return "At most " + BigDecimal.valueOf(MAX_AMOUNT, digits).toPlainString();
        }
        return null;
    }

    private static long minorUnits(String price, String currency) {
        return new BigDecimal(price).movePointRight(PlanItemViewModel.fractionDigits(currency))
                .setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
    }

    private static String unitsProblem(String text) {
        if (text.isEmpty()) {
            return "At least one metric, e.g. api_call=1000";
        }
        Map<String, Long> seen = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String[] parts = entry.split("=", -1);
            if (parts.length != 2) {
                return "Write metric=units, separated by commas";
            }
            String metric = parts[0].trim();
            if (!METRIC.matcher(metric).matches()) {
                return "Bad metric name '" + metric + "': lower-case, starting with a letter";
            }
            Long units = wholeNumber(parts[1].trim(), 1, MAX_UNITS);
            if (units == null) {
                return metric + ": a whole number from 1 to " + MAX_UNITS;
            }
            if (seen.put(metric, units) != null) {
                return metric + " is named twice";
            }
        }
        return null;
    }

    private static Map<String, Long> units(String text) {
        Map<String, Long> units = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String[] parts = entry.split("=", -1);
            units.put(parts[0].trim(), Long.parseLong(parts[1].trim()));
        }
        return units;
    }

    private static Long wholeNumber(String text, long min, long max) {
        if (!text.matches("\\d{1,13}")) {
            return null;
        }
        long n = Long.parseLong(text);
        return n < min || n > max ? null : n;
    }

    private static String value(Map<String, String> values, String name) {
        String value = values.get(name);
        return value == null ? "" : value.trim();
    }
}
