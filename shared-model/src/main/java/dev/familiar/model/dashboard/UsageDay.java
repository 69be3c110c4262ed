package dev.familiar.model.dashboard;

import java.time.LocalDate;

/** Metered usage of one organisation (tenant) and metric on one UTC day: units summed and events counted. */
public record UsageDay(LocalDate day, String orgId, String metric, long units, long events) {
}
