package dev.familiar.model.customers;

/**
 * The query of {@code GET /api/admin/customers}; every field is optional (null leaves the parameter out).
 *
 * @param search a case-insensitive prefix of the organisation's name; with an {@code @}, a prefix of the sign-up
 *               or an owner's e-mail; a UUID finds that organisation
 * @param status {@code trialing}, {@code active}, {@code past_due}, {@code paused} or {@code canceled}
 * @param plan   a plan code
 * @param sort   {@code name} (default), {@code -name}, {@code created}, {@code -created}, {@code plan} or {@code status}
 * @param cursor the {@code nextCursor} of the previous page, for the same sort
 * @param limit  1-100, default 50
 */
public record CustomerQuery(String search, String status, String plan, String sort, String cursor, Integer limit) {
    /** Every organisation, default sort and page size. */
    public static CustomerQuery all() {
        return new CustomerQuery(null, null, null, null, null, null);
    }

    public CustomerQuery withSearch(String value) {
        return new CustomerQuery(value, status, plan, sort, cursor, limit);
    }

    public CustomerQuery withStatus(String value) {
        return new CustomerQuery(search, value, plan, sort, cursor, limit);
    }

    public CustomerQuery withPlan(String value) {
        return new CustomerQuery(search, status, value, sort, cursor, limit);
    }

    public CustomerQuery withSort(String value) {
        return new CustomerQuery(search, status, plan, value, cursor, limit);
    }

    public CustomerQuery withCursor(String value) {
        return new CustomerQuery(search, status, plan, sort, value, limit);
    }

    public CustomerQuery withLimit(Integer value) {
        return new CustomerQuery(search, status, plan, sort, cursor, value);
    }
}
