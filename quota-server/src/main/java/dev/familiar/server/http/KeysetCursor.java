package dev.familiar.server.http;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the next page of a newest-first list starts: after the row with time {@code at} and id {@code id}. Opaque to
 * clients: base64url of {@code 1|at|id}. Used by the webhook inbox and the purchases list (both sort by a time,
 * then an id, descending).
 */
public record KeysetCursor(Instant at, String id) {
    private static final int MAX_LENGTH = 1_000;

    public String encode() {
        String plain = "1|" + at + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} stands for, or empty when it is not one of ours. */
    public static Optional<KeysetCursor> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !text.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = plain.split("\\|", 3);
        if (parts.length != 3 || !parts[0].equals("1") || parts[2].isEmpty() || parts[2].length() > 255) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KeysetCursor(Instant.parse(parts[1]), parts[2]));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
