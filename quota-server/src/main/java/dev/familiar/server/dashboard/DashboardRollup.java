package dev.familiar.server.dashboard;

import dev.familiar.server.worker.PollingThread;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the dashboards' daily rollups ({@code dash_*}, V19) up to date. A day is <em>closed</em> once
 * {@link #CLOSE_GRACE} has passed after its end (UTC, the injected clock): token events carry the server's time and
 * are written asynchronously, the grace lets the last writes of the day land. Each round rolls every closed day after
 * the state's {@code rolled_through} (at most {@link #MAX_DAYS_PER_ROUND}), and re-rolls the closed days that metered
 * events received since the usage watermark touched ({@code occurred_at} is the client's and may be up to 35 days
 * old). Each day is one transaction: the rollup's state row is locked ({@code FOR UPDATE}), the day's rows replaced
 * (DELETE + INSERT … SELECT … GROUP BY) and the state advanced, so rounds on several threads or servers serialise per
 * day and a day is never counted twice. The watermark trails the round's start by {@link #LATE_OVERLAP}, so an event
 * committed a little after its {@code received_at} (or stamped by a server whose clock is a little behind) is still
 * seen by the next round; re-rolling a day twice is harmless.
 *
 * <p>Freshness: days after {@code rolled_through} are read live from the raw tables, so tokens are always exact; a
 * late metered event on an already rolled day shows within one {@link #POLL} (plus the round's own time).
 */
public final class DashboardRollup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardRollup.class);
    static final Duration CLOSE_GRACE = Duration.ofMinutes(15);
    static final Duration LATE_OVERLAP = Duration.ofMinutes(1);
    static final Duration POLL = Duration.ofMinutes(1);
    static final int MAX_DAYS_PER_ROUND = 400;

    private final DataSource dataSource;
    private final DashboardStore store;
    private final Clock clock;
    private PollingThread thread;

    public DashboardRollup(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.store = new DashboardStore(dataSource);
        this.clock = clock;
    }

    /** What one round did. */
    public record Round(int tokenDays, int usageDays, int lateDays) {
    }

    /** Starts the background rounds (the first at once, then every {@link #POLL}). */
    public DashboardRollup start() {
        thread = new PollingThread("dashboard-rollup", POLL, () -> {
            Round r = roll();
            if (r.tokenDays() + r.usageDays() + r.lateDays() > 0) {
                LOG.info("Dashboard rollup: {} token day(s), {} usage day(s) rolled, {} day(s) re-rolled for late "
                        + "metered events", r.tokenDays(), r.usageDays(), r.lateDays());
            }
        }).start();
        return this;
    }

    /** The last closed day at the clock's now. */
    LocalDate lastClosedDay() {
        return clock.instant().minus(CLOSE_GRACE).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }

    /** One round: rolls the closed days not rolled yet and re-rolls the days late metered events touched. */
    public Round roll() throws SQLException {
        Instant now = clock.instant();
        LocalDate lastClosed = lastClosedDay();
        int tokenDays = rollForward(DashboardStore.TOKENS, lastClosed);
        int usageDays = rollForward(DashboardStore.USAGE, lastClosed);
        int lateDays = rollLate(now);
        return new Round(tokenDays, usageDays, lateDays);
    }

    private int rollForward(String name, LocalDate lastClosed) throws SQLException {
        int rolled = 0;
        while (rolled < MAX_DAYS_PER_ROUND) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    DashboardStore.LockedState state = store.lock(c, name);
                    LocalDate next;
                    if (state.rolledThrough() != null) {
                        next = state.rolledThrough().plusDays(1);
                    } else {
                        Optional<Instant> first = DashboardStore.TOKENS.equals(name) ? store.firstTokenEvent(c)
                                : store.firstUsageEvent(c);
                        next = first.map(f -> f.atZone(ZoneOffset.UTC).toLocalDate()).orElse(lastClosed.plusDays(1));
                        if (next.isAfter(lastClosed)) {
                            // Nothing to roll yet: start the rollup at the last closed day.
                            store.saveState(c, name, lastClosed, state.watermark());
                            c.commit();
                            return rolled;
                        }
                    }
                    if (next.isAfter(lastClosed)) {
                        c.commit();
                        return rolled;
                    }
                    if (DashboardStore.TOKENS.equals(name)) {
                        store.rollTokenDay(c, next);
                    } else {
                        store.rollUsageDay(c, next);
                    }
                    store.saveState(c, name, next, state.watermark());
                    c.commit();
                    rolled++;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
        return rolled;
    }

    /**
     * Re-rolls each rolled day that holds a metered event received after the watermark, then moves the watermark to
     * {@code now − LATE_OVERLAP}. The first round (no watermark yet) only sets it: the days it rolled were complete.
     */
    private int rollLate(Instant now) throws SQLException {
        Instant newWatermark = now.minus(LATE_OVERLAP);
        int rerolled = 0;
        Instant cursor = Instant.EPOCH;
        while (rerolled < MAX_DAYS_PER_ROUND) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    DashboardStore.LockedState state = store.lock(c, DashboardStore.USAGE);
                    if (state.rolledThrough() == null) {
                        c.commit();
                        return rerolled;
                    }
                    if (state.watermark() == null) {
                        store.saveState(c, DashboardStore.USAGE, state.rolledThrough(), newWatermark);
                        c.commit();
                        return rerolled;
                    }
                    Instant rolledEnd = DashboardStore.startOf(state.rolledThrough().plusDays(1));
                    Optional<Instant> late = store.nextLateEvent(c, state.watermark(), cursor, rolledEnd);
                    if (late.isEmpty()) {
                        Instant keep = state.watermark().isAfter(newWatermark) ? state.watermark() : newWatermark;
                        store.saveState(c, DashboardStore.USAGE, state.rolledThrough(), keep);
                        c.commit();
                        return rerolled;
                    }
                    LocalDate day = late.get().atZone(ZoneOffset.UTC).toLocalDate();
                    store.rollUsageDay(c, day);
                    c.commit();
                    rerolled++;
                    cursor = DashboardStore.startOf(day.plusDays(1));
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
        return rerolled;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.close();
        }
    }
}
