package dev.familiar.server.audit.query;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the next page of the audit log starts: after the entry created at {@code at} with id {@code id}, in the order
 * {@code created_at DESC, id DESC}. Opaque to clients: base64url of {@code a1|<instant>|<id>}.
 */
public record AuditCursor(Instant at, String id) {
    private static final int MAX_LENGTH = 200;

    public String encode() {
        String plain = "a1|" + at + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} stands for, or empty when it is not one of ours. */
    public static Optional<AuditCursor> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !text.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = plain.split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals("a1") || parts[2].isEmpty() || parts[2].length() > 36
                || !parts[2].matches("[A-Za-z0-9-]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AuditCursor(Instant.parse(parts[1]), parts[2]));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
