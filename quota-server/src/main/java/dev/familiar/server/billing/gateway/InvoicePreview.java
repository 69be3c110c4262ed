package dev.familiar.server.billing.gateway;

import java.util.List;

/** A previewed invoice: its total (minor units, may be negative for a credit) and lines. */
public record InvoicePreview(long amount, String currency, boolean proration, List<Line> items) {
    public InvoicePreview {
        items = List.copyOf(items);
    }

    /** One line: what it is for, its amount (minor units), whether it is a proration. */
    public record Line(String description, long amount, String priceId, boolean proration) {
    }
}
