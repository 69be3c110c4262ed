package dev.familiar.model.metering;

/** UC-04 answer when allowed; denials are error envelopes whose details hold {@code {allow:false, remaining:0}}. */
public record QuotaDecision(boolean allow, long remaining) {
}
