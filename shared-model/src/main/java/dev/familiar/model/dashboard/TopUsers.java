package dev.familiar.model.dashboard;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /api/admin/dashboard/top-users?from=&to=&orgId=&provider=&limit=}: the users with the most allowed
 * product tokens, most first (ties by user id).
 */
public record TopUsers(LocalDate from, LocalDate to, List<TopUser> items) {
    public TopUsers {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
