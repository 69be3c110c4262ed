package dev.familiar.model.dashboard;

import java.math.BigDecimal;

/** One organisation's allowed product tokens of one provider over the period, times the provider's price. */
public record CostRow(String orgId, String orgName, String provider, long tokens, BigDecimal pricePerToken,
                      BigDecimal cost) {
}
