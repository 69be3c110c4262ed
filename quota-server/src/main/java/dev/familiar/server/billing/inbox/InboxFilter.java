package dev.familiar.server.billing.inbox;

import java.time.Instant;
import java.util.Optional;

/**
 * The inbox filter, checked: {@code status} one of the inbox states, {@code type} an exact event type or a prefix
 * ({@code typePrefix} true when the caller ended it with {@code *}), received in [{@code from}, {@code to}).
 */
public record InboxFilter(Optional<String> status, Optional<String> type, boolean typePrefix, Optional<Instant> from,
                          Optional<Instant> to) {
    public static InboxFilter all() {
        return new InboxFilter(Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());
    }
}
