package dev.familiar.server.billing;

import dev.familiar.server.billing.gateway.BillingSubscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** {@code billing_account} rows. Methods taking a {@link Connection} run inside the caller's transaction. */
public final class BillingAccountStore {
    private final DataSource dataSource;

    public BillingAccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Connection c, String tenantId, String email, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO billing_account (tenant_id, email, cancel_at_period_end, "
                + "paused, created_at, updated_at) VALUES (?, ?, FALSE, FALSE, ?, ?)")) {
            ps.setString(1, tenantId);
            ps.setString(2, email);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    public Optional<BillingAccount> find(String tenantId) throws SQLException {
        return findBy("tenant_id", tenantId);
    }

    public Optional<BillingAccount> findByEmail(String email) throws SQLException {
        return findBy("email", email);
    }

    public Optional<BillingAccount> findByCustomer(String customerId) throws SQLException {
        return findBy("customer_id", customerId);
    }

    public Optional<BillingAccount> findBySubscription(String subscriptionId) throws SQLException {
        return findBy("subscription_id", subscriptionId);
    }

    private Optional<BillingAccount> findBy(String column, String value) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return findBy(c, column, value);
        }
    }

    public Optional<BillingAccount> findBy(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM billing_account WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public void setCustomer(String tenantId, String customerId, Instant now) throws SQLException {
        update("UPDATE billing_account SET customer_id = ?, updated_at = ? WHERE tenant_id = ?", customerId, now, tenantId);
    }

    public void setCheckoutUrl(String tenantId, String url, Instant now) throws SQLException {
        update("UPDATE billing_account SET checkout_url = ?, updated_at = ? WHERE tenant_id = ?", url, now, tenantId);
    }

    public void setSchedule(String tenantId, Optional<String> scheduleId, Instant now) throws SQLException {
        update("UPDATE billing_account SET schedule_id = ?, updated_at = ? WHERE tenant_id = ?", scheduleId.orElse(null),
                now, tenantId);
    }

    public void setEmail(Connection c, String tenantId, String email, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE billing_account SET email = ?, updated_at = ? WHERE tenant_id = ?")) {
            ps.setString(1, email);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, tenantId);
            ps.executeUpdate();
        }
    }

    /** Links a subscription created through Checkout, unless one is linked already. */
    public void linkCheckout(Connection c, String tenantId, String customerId, Optional<String> subscriptionId, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE billing_account SET customer_id = COALESCE(customer_id, ?), "
                + "subscription_id = COALESCE(subscription_id, ?), updated_at = ? WHERE tenant_id = ?")) {
            ps.setString(1, customerId);
            ps.setString(2, subscriptionId.orElse(null));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, tenantId);
            ps.executeUpdate();
        }
    }

    public void applySubscription(BillingSubscription s, String tenantId, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            applySubscription(c, s, tenantId, now);
        }
    }

    /** Writes the provider's view of the subscription. */
    public void applySubscription(Connection c, BillingSubscription s, String tenantId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE billing_account SET customer_id = ?, subscription_id = ?, "
                + "subscription_status = ?, price_id = ?, item_id = ?, schedule_id = ?, cancel_at_period_end = ?, paused = ?, "
                + "current_period_start = ?, current_period_end = ?, trial_end = ?, updated_at = ? WHERE tenant_id = ?")) {
            ps.setString(1, s.customerId());
            ps.setString(2, s.id());
            ps.setString(3, s.status());
            ps.setString(4, s.priceId());
            ps.setString(5, s.itemId());
            ps.setString(6, s.scheduleId().orElse(null));
            ps.setBoolean(7, s.cancelAtPeriodEnd());
            ps.setBoolean(8, s.pausedCollection());
            ps.setTimestamp(9, Timestamp.from(s.currentPeriodStart()));
            ps.setTimestamp(10, Timestamp.from(s.currentPeriodEnd()));
            ps.setTimestamp(11, s.trialEnd().map(Timestamp::from).orElse(null));
            ps.setTimestamp(12, Timestamp.from(now));
            ps.setString(13, tenantId);
            ps.executeUpdate();
        }
    }

    private void update(String sql, String value, Instant now, String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, tenantId);
            ps.executeUpdate();
        }
    }

    private static BillingAccount read(ResultSet rs) throws SQLException {
        return new BillingAccount(rs.getString("tenant_id"), rs.getString("email"),
                Optional.ofNullable(rs.getString("customer_id")), Optional.ofNullable(rs.getString("checkout_url")),
                Optional.ofNullable(rs.getString("subscription_id")), Optional.ofNullable(rs.getString("subscription_status")),
                Optional.ofNullable(rs.getString("price_id")), Optional.ofNullable(rs.getString("item_id")),
                Optional.ofNullable(rs.getString("schedule_id")), rs.getBoolean("cancel_at_period_end"),
                rs.getBoolean("paused"), instant(rs, "current_period_start"), instant(rs, "current_period_end"),
                instant(rs, "trial_end"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
