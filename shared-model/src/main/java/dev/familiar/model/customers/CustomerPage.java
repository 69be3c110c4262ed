package dev.familiar.model.customers;

import java.util.List;

/** A page of the customers list; pass {@code nextCursor} as {@code cursor} (same sort) for the next one, null at the end. */
public record CustomerPage(List<CustomerSummary> items, String nextCursor) {
}
