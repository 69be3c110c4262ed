package dev.familiar.server.customers;

import java.util.Arrays;
import java.util.Optional;

/**
 * The orders of the customers page. Each sorts by one indexed key and breaks ties by the organisation id (in the
 * same direction), so (key, id) is unique and a page continues after the last row's pair (keyset paging).
 */
public enum CustomerSort {
    NAME("name", "t.name_key", "t.id", false, false),
    NAME_DESC("-name", "t.name_key", "t.id", true, false),
    CREATED("created", "t.created_at", "t.id", false, true),
    CREATED_DESC("-created", "t.created_at", "t.id", true, true),
    PLAN("plan", "e.plan_code", "e.tenant_id", false, false),
    STATUS("status", "e.status", "e.tenant_id", false, false);

    public static final CustomerSort DEFAULT = NAME;

    private final String wireName;
    private final String keyColumn;
    private final String idColumn;
    private final boolean descending;
    private final boolean timeKey;

    CustomerSort(String wireName, String keyColumn, String idColumn, boolean descending, boolean timeKey) {
        this.wireName = wireName;
        this.keyColumn = keyColumn;
        this.idColumn = idColumn;
        this.descending = descending;
        this.timeKey = timeKey;
    }

    public String wireName() {
        return wireName;
    }

    String keyColumn() {
        return keyColumn;
    }

    String idColumn() {
        return idColumn;
    }

    boolean descending() {
        return descending;
    }

    /** Whether the key is a time (written in cursors as an ISO-8601 instant) rather than text. */
    boolean timeKey() {
        return timeKey;
    }

    public static Optional<CustomerSort> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(text)).findFirst();
    }

    /** The names the route accepts, for its error message and documentation. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(CustomerSort::wireName).toList());
    }
}
