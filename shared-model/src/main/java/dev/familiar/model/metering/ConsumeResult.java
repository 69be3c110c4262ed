package dev.familiar.model.metering;

/** {@code POST /api/quota/consume} answer when the units were granted. */
public record ConsumeResult(boolean allow, long remaining, long used, String periodKey) {
}
