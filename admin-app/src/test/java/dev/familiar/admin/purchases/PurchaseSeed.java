package dev.familiar.admin.purchases;

import dev.familiar.server.config.ServerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Finished token purchase sagas written straight into a server's database ({@code token_purchase} and its step log
 * {@code token_purchase_step}, V5 and V20), as the saga leaves them: the dry-run payment provider never declines, so a
 * failed or compensated saga cannot be produced through the API on an embedded server. The rows are what the
 * saga's own store writes (same columns, states, step names and outcomes).
 */
public final class PurchaseSeed {
    private final List<Saga> sagas = new ArrayList<>();

    /** One saga: who bought what, how it ended, and its steps (step, outcome, detail), one second apart. */
    public record Saga(String sagaId, String userId, String orgId, String provider, long tokens, long amount,
                       String status, boolean compensated, String error, Instant createdAt, List<String[]> steps) {
    }

    public PurchaseSeed add(String userId, String orgId, String provider, long tokens, long amount, String status,
                            boolean compensated, String error, Instant createdAt, String[]... steps) {
        sagas.add(new Saga(UUID.randomUUID().toString(), userId, orgId, provider, tokens, amount, status, compensated,
                error, createdAt, List.of(steps)));
        return this;
    }

    public List<Saga> sagas() {
        return List.copyOf(sagas);
    }

    /** A completed purchase's steps. */
    public static String[][] completed(long tokens) {
        return new String[][]{
                {"START", "SUCCEEDED", "saga started"},
                {"RESERVE_PAYMENT", "SUCCEEDED", "payment hold requires_capture"},
                {"ALLOCATE_TOKENS", "SUCCEEDED", tokens + " tokens added to the purchased balance"},
                {"CAPTURE_PAYMENT", "SUCCEEDED", "payment captured (succeeded)"}};
    }

    /** Writes the sagas into the database of {@code config} (the server may be running: same JVM, same URL). */
    public void writeTo(ServerConfig config) throws Exception {
        try (Connection c = DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword())) {
            for (Saga s : sagas) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_purchase (saga_id, user_id, "
                        + "tenant_id, org_id, provider, tokens, amount, currency, idempotency_key, payload_hash, status, "
                        + "payment_id, error, compensated, created_at, updated_at, deadline_at, lease_until) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 'usd', NULL, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
                    Instant end = s.createdAt().plusSeconds(s.steps().size());
                    ps.setString(1, s.sagaId());
                    ps.setString(2, s.userId());
                    ps.setString(3, s.orgId());
                    ps.setString(4, s.orgId());
                    ps.setString(5, s.provider());
                    ps.setLong(6, s.tokens());
                    ps.setLong(7, s.amount());
                    ps.setString(8, "seed-" + s.sagaId());
                    ps.setString(9, s.status());
                    ps.setString(10, "pi_" + s.sagaId().substring(0, 8));
                    ps.setString(11, s.error());
                    ps.setBoolean(12, s.compensated());
                    ps.setTimestamp(13, Timestamp.from(s.createdAt()));
                    ps.setTimestamp(14, Timestamp.from(end));
                    ps.setTimestamp(15, Timestamp.from(s.createdAt().plus(Duration.ofMinutes(15))));
                    ps.executeUpdate();
                }
                int seq = 1;
                for (String[] step : s.steps()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_purchase_step (saga_id, seq, at, "
                            + "step, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, s.sagaId());
                        ps.setInt(2, seq);
                        ps.setTimestamp(3, Timestamp.from(s.createdAt().plusSeconds(seq - 1)));
                        ps.setString(4, step[0]);
                        ps.setString(5, step[1]);
                        ps.setString(6, step[2]);
                        ps.executeUpdate();
                    }
                    seq++;
                }
            }
        }
    }
}
