package dev.familiar.admin.usage;

import java.math.BigDecimal;

/**
 * A row of the cost allocation table: an organisation's tokens of one provider times the provider's price
 * ({@link Kind#ROW}), the product total ({@link Kind#TOTAL}) or the Prompt Lab's R&D, kept apart ({@link Kind#RND}).
 */
public record CostItemViewModel(Kind kind, String organisation, String orgId, String provider, long tokens,
                                BigDecimal pricePerToken, BigDecimal cost, String currency) {
    public enum Kind { ROW, TOTAL, RND }
}
