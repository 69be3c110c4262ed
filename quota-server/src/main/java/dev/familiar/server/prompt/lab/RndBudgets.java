package dev.familiar.server.prompt.lab;

import dev.familiar.model.prompt.RndBudget;
import dev.familiar.server.llm.analytics.UsageEvent;
import dev.familiar.server.llm.analytics.UsageEventLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Monthly R&D budgets ({@code rnd_budget}) and the month's R&D use read from the token ledger
 * ({@code token_usage_event} rows of purpose {@code R&D}, this calendar month in UTC).
 *
 * <p>{@link #open} decides and books in one transaction: it locks the budget rows of the engineer and the function
 * ({@code SELECT … FOR UPDATE}, so concurrent calls of the same engineer or function queue there), adds the month's
 * use and the call's estimate, and only when every budget has room writes the call's ledger entry with the estimate
 * as its tokens. {@link #settle} later sets the entry to what the call really cost, in the transaction that stores
 * the iteration. So a budget holds under concurrent calls, and each call is exactly one ledger entry. Thread-safe.
 */
public final class RndBudgets {
    public static final String ENGINEER = "ENGINEER";
    public static final String FUNCTION = "FUNCTION";

    private final DataSource dataSource;
    private final Clock clock;

    public RndBudgets(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The first budget that a call of {@code estimate} more tokens would pass, or empty (the entry is written). */
    public sealed interface Opening permits Opened, Refused {
    }

    public record Opened(UsageEvent entry) implements Opening {
    }

    public record Refused(String scope, String subject, long monthlyTokens, long usedTokens, long estimate)
            implements Opening {
        /** One sentence for the engineer. */
        public String message() {
            String who = ENGINEER.equals(scope) ? "engineer " + subject : "function " + subject;
            return "The monthly R&D budget of " + who + " is spent: " + usedTokens + " of " + monthlyTokens
                    + " tokens used this month (UTC), and this call may take up to " + estimate;
        }
    }

    /**
     * Checks the budgets of {@code entry}'s engineer and function against {@code entry.tokens()} (the estimate) and,
     * when both have room (or there is none), writes {@code entry}.
     */
    public Opening open(UsageEvent entry) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant[] month = month();
                try (PreparedStatement ps = c.prepareStatement("SELECT scope, subject, monthly_tokens FROM rnd_budget "
                        + "WHERE (scope = ? AND subject = ?) OR (scope = ? AND subject = ?) ORDER BY scope, subject "
                        + "FOR UPDATE")) {
                    ps.setString(1, ENGINEER);
                    ps.setString(2, entry.engineer());
                    ps.setString(3, FUNCTION);
                    ps.setString(4, entry.function());
                    List<Object[]> limits = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            limits.add(new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
                        }
                    }
                    for (Object[] limit : limits) {
                        String scope = (String) limit[0];
                        long used = used(c, scope, (String) limit[1], month[0], month[1]);
                        long monthly = (Long) limit[2];
                        if (used + entry.tokens() > monthly) {
                            c.rollback();
                            return new Refused(scope, (String) limit[1], monthly, used, entry.tokens());
                        }
                    }
                }
                UsageEventLog.insert(c, List.of(entry));
                c.commit();
                return new Opened(entry);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Sets the entry opened by {@link #open} to what the call cost, on the caller's connection. */
    void settle(Connection c, String entryId, long tokens, UsageEvent.Outcome outcome) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE token_usage_event SET tokens = ?, allowed = ?, "
                + "outcome = ? WHERE id = ?")) {
            ps.setLong(1, tokens);
            ps.setBoolean(2, outcome == UsageEvent.Outcome.ALLOWED);
            ps.setString(3, outcome.name());
            ps.setString(4, entryId);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the R&D ledger entry " + entryId + " is missing");
            }
        }
    }

    /** Every budget with this month's use, by scope and subject. */
    public List<RndBudget> list() throws SQLException {
        Instant[] month = month();
        List<RndBudget> budgets = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT scope, subject, monthly_tokens FROM rnd_budget "
                     + "ORDER BY scope, subject");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                budgets.add(new RndBudget(rs.getString(1), rs.getString(2), rs.getLong(3),
                        used(c, rs.getString(1), rs.getString(2), month[0], month[1])));
            }
        }
        return budgets;
    }

    /** The budget of {@code scope}/{@code subject} (its limit empty when none is set) with this month's use. */
    public RndBudget get(String scope, String subject) throws SQLException {
        Instant[] month = month();
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> limit = limit(c, scope, subject);
            return new RndBudget(scope, subject, limit.orElse(null), used(c, scope, subject, month[0], month[1]));
        }
    }

    /** Sets (or with {@code monthlyTokens} empty removes) a budget; answers it with this month's use. */
    public RndBudget set(String scope, String subject, Optional<Long> monthlyTokens, String by) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM rnd_budget WHERE scope = ? AND subject = ?")) {
                    del.setString(1, scope);
                    del.setString(2, subject);
                    del.executeUpdate();
                }
                if (monthlyTokens.isPresent()) {
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO rnd_budget (scope, subject, "
                            + "monthly_tokens, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                        ins.setString(1, scope);
                        ins.setString(2, subject);
                        ins.setLong(3, monthlyTokens.get());
                        ins.setString(4, by);
                        ins.setTimestamp(5, Timestamp.from(clock.instant()));
                        ins.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return get(scope, subject);
    }

    private static Optional<Long> limit(Connection c, String scope, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT monthly_tokens FROM rnd_budget WHERE scope = ? "
                + "AND subject = ?")) {
            ps.setString(1, scope);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** R&D tokens of the engineer or function in {@code [from, to)}. */
    private static long used(Connection c, String scope, String subject, Instant from, Instant to) throws SQLException {
        String column = ENGINEER.equals(scope) ? "engineer" : "function_name";
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(tokens), 0) FROM token_usage_event "
                + "WHERE purpose = ? AND " + column + " = ? AND occurred_at >= ? AND occurred_at < ?")) {
            ps.setString(1, UsageEvent.Purpose.RND.stored());
            ps.setString(2, subject);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** This calendar month in UTC: {@code [first day 00:00, first day of next month 00:00)}. */
    private Instant[] month() {
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        return new Instant[] {now.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                now.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()};
    }
}
