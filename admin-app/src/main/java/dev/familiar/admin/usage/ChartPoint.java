package dev.familiar.admin.usage;

import java.time.LocalDate;

/** One day of a chart's series: its value, and whether the day is anomalous for the series (drawn marked). */
public record ChartPoint(LocalDate day, long value, boolean anomalous) {
}
