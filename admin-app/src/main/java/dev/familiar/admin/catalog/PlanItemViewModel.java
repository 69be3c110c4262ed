package dev.familiar.admin.catalog;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One plan of the catalog as the table shows it: the server's values, and the texts of its columns.
 *
 * @param amount        the price in minor units of {@code currency}
 * @param stripePriceId null while the price does not exist in Stripe yet
 * @param archived      whether the plan takes no new customers
 */
public record PlanItemViewModel(String code, String name, String stripePriceId, String currency, long amount,
                                String interval, int trialDays, int tier, Map<String, Long> includedUnits,
                                boolean archived) {
    public PlanItemViewModel {
        Objects.requireNonNull(code, "code");
        name = name == null ? "" : name;
        currency = currency == null ? "" : currency;
        interval = interval == null ? "" : interval;
        includedUnits = java.util.Collections.unmodifiableMap(
                new TreeMap<>(includedUnits == null ? Map.of() : includedUnits));
    }

    /** "49.00 USD": the amount in major units with the currency's own number of decimals. */
    public String priceText() {
        return majorUnits(amount, currency).toPlainString() + " " + currency.toUpperCase(Locale.ROOT);
    }

    /** "49.00 USD / month". */
    public String priceWithIntervalText() {
        return priceText() + " / " + interval;
    }

    /** "api_call 1,000 · seats 5". */
    public String includedUnitsText() {
        NumberFormat numbers = NumberFormat.getIntegerInstance(Locale.ROOT);
        numbers.setGroupingUsed(true);
        StringJoiner text = new StringJoiner(" · ");
        includedUnits.forEach((metric, units) -> text.add(metric + " " + numbers.format(units)));
        return text.toString();
    }

    public String trialText() {
        return trialDays == 0 ? "none" : trialDays == 1 ? "1 day" : trialDays + " days";
    }

    public String stripePriceText() {
        return stripePriceId == null ? "not in Stripe yet" : stripePriceId;
    }

    public String statusText() {
        return archived ? "Archived" : "Active";
    }

    /** The plan as a draft to edit and send back. */
    public PlanDraft toDraft() {
        return new PlanDraft(code, name, stripePriceId, currency, amount, interval, trialDays, tier, includedUnits);
    }

    /** The plan with another archive state (the server's answer to archive and unarchive says the same). */
    public PlanItemViewModel withArchived(boolean now) {
        return new PlanItemViewModel(code, name, stripePriceId, currency, amount, interval, trialDays, tier,
                includedUnits, now);
    }

    /** The row of a plan just saved; a draft says nothing about archiving, so {@code archived} is given. */
    public static PlanItemViewModel of(PlanDraft draft, boolean archived) {
        return new PlanItemViewModel(draft.code(), draft.name(), draft.stripePriceId(), draft.currency(),
                draft.amount(), draft.interval(), draft.trialDays(), draft.tier(), draft.includedUnits(), archived);
    }

    /** How many decimals {@code currency}'s minor unit has (2 when Java does not know the currency). */
    static int fractionDigits(String currency) {
        try {
            int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }

    static BigDecimal majorUnits(long minor, String currency) {
        return BigDecimal.valueOf(minor, fractionDigits(currency));
    }
}
