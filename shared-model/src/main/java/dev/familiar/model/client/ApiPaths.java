package dev.familiar.model.client;

import java.util.Objects;
import okhttp3.HttpUrl;

/** Path pieces for the areas: a caller's value never changes which route a call goes to. */
final class ApiPaths {
    private ApiPaths() {
    }

    /** {@code value} percent-encoded as one path segment ({@code /}, {@code ?}, {@code #} and {@code ..} included). */
    static String segment(String value) {
        Objects.requireNonNull(value, "path segment");
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("Not a path segment: '" + value + "'");
        }
        return HttpUrl.get("http://x/").newBuilder().addPathSegment(value).build().encodedPath().substring(1);
    }
}
