package dev.familiar.model.billing;

import java.util.List;

/** UC-06's answer: the amount due now for the change (minor units; negative is a credit) and its lines. */
public record PlanPreview(long amount, String currency, boolean proration, List<Item> items) {
    public record Item(String description, long amount, String priceId, boolean proration) {
    }
}
