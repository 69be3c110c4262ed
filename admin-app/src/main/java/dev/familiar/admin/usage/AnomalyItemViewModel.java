package dev.familiar.admin.usage;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A row of the anomalies table: the day, organisation and provider, the day's tokens, the baseline and the ratio. */
public record AnomalyItemViewModel(LocalDate day, String organisation, String orgId, String provider, long tokens,
                                   BigDecimal baseline, BigDecimal ratio) {
}
