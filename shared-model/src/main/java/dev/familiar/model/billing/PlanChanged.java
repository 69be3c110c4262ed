package dev.familiar.model.billing;

import java.util.Map;

/** UC-07's answer: the plan now in force and what it includes; the period's counters are kept. */
public record PlanChanged(String planCode, Map<String, Long> includedUnits) {
}
