package dev.familiar.model.api;

/** {@code {"ok":true,"data":...,"meta":{...}}}: the body of every successful envelope-family response. */
public record SuccessEnvelope<T>(boolean ok, T data, Meta meta) {
    public static <T> SuccessEnvelope<T> of(T data, Meta meta) {
        return new SuccessEnvelope<>(true, data, meta);
    }
}
