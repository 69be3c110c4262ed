package dev.familiar.admin.customers;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/** Amounts in minor units (cents) as the operator reads them: "49.00 USD", "-3.27 USD". */
final class Money {
    private Money() {
    }

    static String format(long minorUnits, String currency) {
        String code = currency == null ? "" : currency.toUpperCase(Locale.ROOT);
        int digits = 2;
        try {
            digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            // an unknown code: show cents
        }
        return BigDecimal.valueOf(minorUnits, digits).toPlainString() + (code.isEmpty() ? "" : " " + code);
    }
}
