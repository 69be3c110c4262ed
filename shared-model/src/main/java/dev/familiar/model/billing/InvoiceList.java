package dev.familiar.model.billing;

import java.util.List;

/** UC-09's page; pass {@code nextCursor} as {@code cursor} for the next one (null on the last page). */
public record InvoiceList(List<InvoiceView> items, String nextCursor) {
}
