package dev.familiar.server.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Prices of the catalog's plans ({@code plan_price}). Seeded for the default plans; admins set the Stripe price id
 * of each after creating the price in Stripe. Thread-safe.
 */
public final class CatalogStore {
    /** The seeded prices: a 14-day trial on starter, USD per month. */
    public static final Map<String, PlanPrice> DEFAULT_PRICES = Map.of(
            "starter", new PlanPrice("starter", Optional.empty(), "usd", 900, "month", 14, 1),
            "pro", new PlanPrice("pro", Optional.empty(), "usd", 4_900, "month", 0, 2),
            "enterprise", new PlanPrice("enterprise", Optional.empty(), "usd", 49_900, "month", 0, 3));

    private final DataSource dataSource;
    private final PlanStore plans;
    private final Clock clock;

    public CatalogStore(DataSource dataSource, PlanStore plans, Clock clock) {
        this.dataSource = dataSource;
        this.plans = plans;
        this.clock = clock;
    }

    /** Adds the default price of each default plan that has none yet. */
    public void seedIfMissing() throws SQLException {
        for (PlanPrice price : DEFAULT_PRICES.values()) {
            if (plans.find(price.planCode()).isPresent() && find(price.planCode()).isEmpty()) {
                try (Connection c = dataSource.getConnection()) {
                    upsert(c, price);
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) { // another server seeded it at the same moment
                        throw e;
                    }
                }
            }
        }
    }

    public Optional<PlanPrice> find(String planCode) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM plan_price WHERE plan_code = ?")) {
            ps.setString(1, planCode);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The plan a provider price id belongs to: a configured Stripe price id, or a dry-run price id. */
    public Optional<PlanPrice> findByProviderPrice(String priceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM plan_price WHERE stripe_price_id = ?")) {
            ps.setString(1, priceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(read(rs));
                }
            }
        }
        if (priceId.startsWith(PlanPrice.DRY_RUN_PREFIX)) {
            return find(priceId.substring(PlanPrice.DRY_RUN_PREFIX.length()));
        }
        return Optional.empty();
    }

    public List<PlanPrice> all() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM plan_price ORDER BY tier, plan_code");
             ResultSet rs = ps.executeQuery()) {
            List<PlanPrice> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        }
    }

    /** Writes a plan and its price in one transaction. */
    public void save(Plan plan, PlanPrice price) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                plans.save(c, plan);
                upsert(c, price);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                plans.forget(plan.code());
            }
        }
    }

    private void upsert(Connection c, PlanPrice price) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE plan_price SET stripe_price_id = ?, currency = ?, amount = ?, "
                + "billing_interval = ?, trial_days = ?, tier = ?, updated_at = ? WHERE plan_code = ?")) {
            bind(ps, price, 0);
            ps.setString(8, price.planCode());
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO plan_price (stripe_price_id, currency, amount, "
                    + "billing_interval, trial_days, tier, updated_at, plan_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ps, price, 0);
                ps.setString(8, price.planCode());
                ps.executeUpdate();
            }
        }
    }

    private void bind(PreparedStatement ps, PlanPrice price, int offset) throws SQLException {
        ps.setString(offset + 1, price.stripePriceId().orElse(null));
        ps.setString(offset + 2, price.currency());
        ps.setLong(offset + 3, price.amount());
        ps.setString(offset + 4, price.interval());
        ps.setInt(offset + 5, price.trialDays());
        ps.setInt(offset + 6, price.tier());
        ps.setTimestamp(offset + 7, Timestamp.from(clock.instant()));
    }

    private static PlanPrice read(ResultSet rs) throws SQLException {
        return new PlanPrice(rs.getString("plan_code"), Optional.ofNullable(rs.getString("stripe_price_id")),
                rs.getString("currency"), rs.getLong("amount"), rs.getString("billing_interval"), rs.getInt("trial_days"),
                rs.getInt("tier"));
    }
}
