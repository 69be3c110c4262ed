package dev.familiar.admin.customers;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One row of the customers table, as shown. */
public record CustomerItemViewModel(String orgId, String name, String plan, String status, String owner,
                                    String usage, double usageFraction, String periodEnd, String created) {
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    static CustomerItemViewModel of(CustomersApi.Row row) {
        return new CustomerItemViewModel(row.orgId(), row.name(), row.planCode(), row.status(),
                row.ownerEmail() == null ? "" : row.ownerEmail(), usage(row.used(), row.included()),
                fraction(row.used(), row.included()), day(row.periodEnd()), day(row.createdAt()));
    }

    static String usage(long used, long included) {
        return String.format("%,d / %,d", used, included);
    }

    static double fraction(long used, long included) {
        return included <= 0 ? 0 : Math.min(1, (double) used / included);
    }

    static String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }
}
