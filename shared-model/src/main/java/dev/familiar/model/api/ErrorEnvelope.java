package dev.familiar.model.api;

/** {@code {"ok":false,"error":{...},"meta":{...}}}: the body of every failed envelope-family response. */
public record ErrorEnvelope(boolean ok, ErrorBody error, Meta meta) {
    public static ErrorEnvelope of(ErrorBody error, Meta meta) {
        return new ErrorEnvelope(false, error, meta);
    }
}
