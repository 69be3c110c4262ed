package dev.familiar.model.metering;

/** UC-03 answer: the counter after the event; {@code remaining} floors at 0 and {@code overage} says how far past. */
public record UsageRecorded(String periodKey, long used, long remaining, long overage) {
}
