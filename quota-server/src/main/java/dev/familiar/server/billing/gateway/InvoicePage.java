package dev.familiar.server.billing.gateway;

import java.util.List;
import java.util.Optional;

/** One page of invoices; {@code nextCursor} is present when there are more. */
public record InvoicePage(List<BillingInvoice> items, Optional<String> nextCursor) {
    public InvoicePage {
        items = List.copyOf(items);
    }
}
