package dev.familiar.admin.purchases;

import dev.familiar.model.purchases.PurchaseSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/** One row of the purchases table: a saga and the texts its columns show (times in the console's zone). */
public record PurchaseItemViewModel(PurchaseSummary purchase, ZoneId zone) {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public PurchaseItemViewModel {
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(zone, "zone");
    }

    public String sagaId() {
        return purchase.sagaId();
    }

    public String createdText() {
        return time(purchase.createdAt(), zone);
    }

    public String userId() {
        return text(purchase.userId());
    }

    /** The organisation, or the tenant when the purchase names none. */
    public String organisation() {
        return purchase.orgId() != null && !purchase.orgId().isBlank() ? purchase.orgId() : text(purchase.tenantId());
    }

    public String provider() {
        return text(purchase.provider());
    }

    /** "250,000". */
    public String tokensText() {
        return String.format(Locale.ROOT, "%,d", purchase.tokens());
    }

    /** "12.50 USD": minor units in the currency's own number of decimals. */
    public String amountText() {
        return amount(purchase.amount(), purchase.currency());
    }

    /** The state as the operator reads it: "completed", "failed", "payment reserved"… */
    public String statusText() {
        return purchase.status() == null ? "" : purchase.status().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public String compensatedText() {
        return purchase.compensated() ? "yes" : "";
    }

    public String error() {
        return text(purchase.error());
    }

    /** FAILED sagas stand out. */
    public boolean failed() {
        return "FAILED".equalsIgnoreCase(purchase.status());
    }

    /** Compensated sagas (the hold released, the tokens taken back) stand out too. */
    public boolean compensated() {
        return purchase.compensated();
    }

    static String amount(long minor, String currency) {
        if (currency == null || currency.isBlank()) {
            return Long.toString(minor);
        }
        String code = currency.toUpperCase(Locale.ROOT);
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor).movePointLeft(digits).setScale(digits).toPlainString() + " " + code;
    }

    static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
