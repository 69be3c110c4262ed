package dev.familiar.admin.customers;

/** The orders the server can page the customers list in (its {@code sort} keys), as the operator reads them. */
public enum CustomerSort {
    NAME("name", "Name A–Z"),
    NAME_DESC("-name", "Name Z–A"),
    CREATED("created", "Oldest first"),
    CREATED_DESC("-created", "Newest first"),
    PLAN("plan", "Plan"),
    STATUS("status", "Status");

    private final String key;
    private final String label;

    CustomerSort(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The server's sort key. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
