package dev.familiar.server.customers;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the next page of the customers list starts: after the row with sort key {@code key} and organisation id
 * {@code orgId}, in {@code sort}'s order. Opaque to clients: base64url of {@code 1|sort|orgId|key}. A cursor only
 * continues the sort it was made for.
 */
public record CustomerCursor(CustomerSort sort, String orgId, String key) {
    private static final int MAX_LENGTH = 1_000;

    public String encode() {
        String plain = "1|" + sort.wireName() + "|" + orgId + "|" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} stands for, or empty when it is not one of ours (of any sort). */
    public static Optional<CustomerCursor> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !text.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = plain.split("\\|", 4);
        if (parts.length != 4 || !parts[0].equals("1") || parts[2].isEmpty() || parts[2].length() > 36) {
            return Optional.empty();
        }
        Optional<CustomerSort> sort = CustomerSort.parse(parts[1]);
        if (sort.isEmpty()) {
            return Optional.empty();
        }
        if (sort.get().timeKey()) {
            try {
                Instant.parse(parts[3]);
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new CustomerCursor(sort.get(), parts[2], parts[3]));
    }
}
