package dev.familiar.model.billing;

import java.time.Instant;

/** UC-09: one invoice. {@code amount} is the amount due in minor units; {@code url} the hosted invoice page. */
public record InvoiceView(String id, long amount, String currency, String status, String url, Instant created) {
}
