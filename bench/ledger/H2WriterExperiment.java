import java.sql.*;
import java.util.*;
public class H2WriterExperiment {
  public static void main(String[] a) throws Exception {
    String mode = a[0]; int batch = Integer.parseInt(a[1]); int total = Integer.parseInt(a[2]);
    boolean idx = a.length > 3 && a[3].equals("idx");
    String dir = "/tmp/ledger-exp/db-" + mode + batch + idx + System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir + "/f;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE" + System.getProperty("extra", ""), "sa", "")) {
      Statement s = c.createStatement();
      s.execute("CREATE TABLE usage_event (tenant_id VARCHAR(36) NOT NULL, request_id VARCHAR(255) NOT NULL, metric VARCHAR(64) NOT NULL, amount BIGINT NOT NULL, occurred_at TIMESTAMP WITH TIME ZONE NOT NULL, received_at TIMESTAMP WITH TIME ZONE NOT NULL, period_key VARCHAR(10) NOT NULL, kind VARCHAR(16) NOT NULL, payload_hash VARCHAR(64) NOT NULL, response_status INTEGER NOT NULL, response_body VARCHAR(2000) NOT NULL, PRIMARY KEY (tenant_id, request_id))");
      if (idx) {
        s.execute("CREATE INDEX ix_usage_event_period ON usage_event (tenant_id, metric, period_key)");
        s.execute("CREATE INDEX ix_usage_event_occurred ON usage_event (occurred_at)");
        s.execute("CREATE INDEX ix_usage_event_received ON usage_event (received_at)");
      }
      s.execute("CREATE TABLE usage_counter (tenant_id VARCHAR(36) NOT NULL, metric VARCHAR(64) NOT NULL, period_key VARCHAR(10) NOT NULL, used BIGINT NOT NULL, PRIMARY KEY (tenant_id, metric, period_key))");
      String tenant = UUID.randomUUID().toString();
      s.execute("INSERT INTO usage_counter VALUES ('" + tenant + "','api_call','2026-11-01',0)");
      c.setAutoCommit(false);
      String body = "{\"ok\":true,\"data\":{\"allowed\":true,\"remaining\":999999,\"used\":1,\"periodKey\":\"2026-11-01\"},\"meta\":{\"requestId\":\"" + UUID.randomUUID() + "\"}}";
      String hash = "a".repeat(64);
      PreparedStatement lock = c.prepareStatement("SELECT used FROM usage_counter WHERE tenant_id=? AND metric=? AND period_key=? FOR UPDATE");
      PreparedStatement sel = c.prepareStatement("SELECT payload_hash, response_status, response_body FROM usage_event WHERE tenant_id=? AND request_id=?");
      PreparedStatement ins = c.prepareStatement("INSERT INTO usage_event VALUES (?,?,?,?,?,?,?,?,?,?,?)");
      PreparedStatement upd = c.prepareStatement("UPDATE usage_counter SET used=? WHERE tenant_id=? AND metric=? AND period_key=?");
      long t0 = System.nanoTime(); long n = 0; long used = 0; int k = 0;
      long tLock=0,tSel=0,tIns=0,tCommit=0;
      String prefix = "w" + Long.toHexString(System.nanoTime()) + "-1-";
      while (n < total) {
        long a0 = System.nanoTime();
        lock.setString(1, tenant); lock.setString(2, "api_call"); lock.setString(3, "2026-11-01");
        try (ResultSet rs = lock.executeQuery()) { rs.next(); used = rs.getLong(1); }
        long a1 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch; i++) ids.add(System.getProperty("random") != null ? UUID.randomUUID().toString() : System.getProperty("streams") != null ? ("s" + (k % 32) + "-" + prefix + (k++ / 32)) : prefix + (k++));
        if (!mode.equals("nosel")) for (String id : ids) { sel.setString(1, tenant); sel.setString(2, id); try (ResultSet rs = sel.executeQuery()) { rs.next(); } }
        long a2 = System.nanoTime();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        for (String id : ids) { ins.setString(1, tenant); ins.setString(2, id); ins.setString(3, "api_call"); ins.setLong(4, 1); ins.setTimestamp(5, now); ins.setTimestamp(6, now); ins.setString(7, "2026-11-01"); ins.setString(8, "CONSUME"); ins.setString(9, hash); ins.setInt(10, 200); ins.setString(11, body); ins.addBatch(); }
        ins.executeBatch();
        upd.setLong(1, used + batch); upd.setString(2, tenant); upd.setString(3, "api_call"); upd.setString(4, "2026-11-01"); upd.executeUpdate();
        long a3 = System.nanoTime();
        c.commit();
        long a4 = System.nanoTime();
        tLock+=a1-a0; tSel+=a2-a1; tIns+=a3-a2; tCommit+=a4-a3;
        n += batch;
        if (n % 102400 < batch) { System.out.printf("  at %d: %.0f ev/s so far%n", n, n/((System.nanoTime()-t0)/1e9)); }
      }
      double sec = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%s batch=%d idx=%s events=%d %.0f ev/s  us/event: lock %.1f select %.1f insert %.1f commit %.1f%n", mode, batch, idx, n, n/sec, tLock/1e3/n, tSel/1e3/n, tIns/1e3/n, tCommit/1e3/n);
    }
  }
}
