package dev.familiar.model.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A day on which an organisation's allowed tokens of one provider exceeded {@code threshold} times its baseline
 * (the mean of the {@code baselineDays} days before it): {@code ratio} = tokens / baseline.
 */
public record Anomaly(LocalDate day, String orgId, String provider, long tokens, BigDecimal baseline,
                      BigDecimal ratio) {
}
