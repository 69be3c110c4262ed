// The dashboards over 1,000,000 token events (bench/dashboard.sh runs this; see bench/README.md, "Dashboards").
// java -cp quota-server/target/familiar-server.jar bench/DashboardBench.java MODE JDBC_URL USER PASSWORD OUT_JSON
// Seeds a year of token events (and metered events) through JDBC into a fresh database (after the server's own
// migrations), runs the dashboard rollup to the last closed day, starts the quota-server in this JVM on a free
// loopback port and times each /api/admin/dashboard/* route (and the bare /api/diag/smoke) over HTTP, warm.
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.dashboard.DashboardRollup;
import dev.familiar.server.db.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class DashboardBench {
    static final int TOKEN_EVENTS = Integer.getInteger("tokenEvents", 1_000_000);
    static final int USAGE_EVENTS = Integer.getInteger("usageEvents", 200_000);
    static final int ORGS = Integer.getInteger("orgs", 50);
    static final int USERS = Integer.getInteger("users", 1_000);
    static final int WARMUP = Integer.getInteger("warmup", 30);
    static final int SAMPLES = Integer.getInteger("samples", 100);
    static final String ADMIN = "bench-admin";
    static final String PASSWORD = "bench-admin-password-1";
    static final String[] PROVIDERS = {"openai", "qwen", "gemini"};
    static final String[] METRICS = {"api_call", "storage_gb"};
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dataDir = Files.createTempDirectory("dashboard-bench");
        // The H2 file reaches ~20 GB while seeding 1M events (MVStore keeps the old pages of large transactions).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dataDir)));
        String url = args[1].isEmpty() ? "jdbc:h2:file:" + dataDir.resolve("familiar") + ";WRITE_DELAY=0" : args[1];
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, url, args[2], args[3], Optional.empty(),
                ServerConfig.DEFAULT_TENANT_HEADER, Optional.of(ADMIN), Optional.of(PASSWORD));
        Instant now = Instant.now();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        long seedStart = System.nanoTime();
        double rollSeconds;
        int rolledDays = 0;
        try (Database db = Database.open(config)) {
            seed(db, now);
            log(mode + ": seeded in " + secs(seedStart) + " s");
            long rollStart = System.nanoTime();
            DashboardRollup rollup = new DashboardRollup(db.dataSource(), Clock.systemUTC());
            while (true) {
                DashboardRollup.Round r = rollup.roll();
                rolledDays += r.tokenDays();
                if (r.tokenDays() + r.usageDays() + r.lateDays() == 0) {
                    break;
                }
            }
            rollSeconds = (System.nanoTime() - rollStart) / 1e9;
            log(mode + ": rolled " + rolledDays + " token days (and the usage days) in " + String.format("%.1f", rollSeconds) + " s");
            analyze(db);
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9 - rollSeconds;
        try (FamiliarServer server = FamiliarServer.start(config)) {
            base = server.baseUrl();
            String login = send("/api/v1/auth/login", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}");
            Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(login);
            if (!m.find()) {
                throw new IllegalStateException("login: " + login);
            }
            token = m.group(1);
            LocalDate d30 = today.minusDays(29);
            LocalDate d31 = today.minusDays(30);
            LocalDate d92 = today.minusDays(91);
            LocalDate d366 = today.minusDays(365);
            String org = orgId(7);
            Map<String, String> scenarios = new LinkedHashMap<>();
            scenarios.put("smoke (bare route)", "/api/diag/smoke");
            scenarios.put("usage, 30 days, all orgs", "/api/admin/dashboard/usage");
            scenarios.put("usage, 366 days, one org", "/api/admin/dashboard/usage?from=" + d366 + "&orgId=" + org);
            scenarios.put("usage, 92 days, all orgs", "/api/admin/dashboard/usage?from=" + d92);
            scenarios.put("tokens, 30 days, platform", "/api/admin/dashboard/tokens");
            scenarios.put("tokens, 366 days, platform", "/api/admin/dashboard/tokens?from=" + d366);
            scenarios.put("tokens, 366 days, one org", "/api/admin/dashboard/tokens?from=" + d366 + "&orgId=" + org);
            scenarios.put("top-users, 30 days", "/api/admin/dashboard/top-users");
            scenarios.put("top-users, 31 days, limit 100", "/api/admin/dashboard/top-users?from=" + d31 + "&limit=100");
            scenarios.put("top-users, 31 days, one org, one provider",
                    "/api/admin/dashboard/top-users?from=" + d31 + "&orgId=" + org + "&provider=openai");
            scenarios.put("anomalies, 30 days (baseline 7)", "/api/admin/dashboard/anomalies");
            scenarios.put("anomalies, 92 days (baseline 90)", "/api/admin/dashboard/anomalies?from=" + d92 + "&baselineDays=90");
            scenarios.put("cost, 30 days", "/api/admin/dashboard/cost");
            scenarios.put("cost, 92 days", "/api/admin/dashboard/cost?from=" + d92);
            StringBuilder json = new StringBuilder("{\"mode\":\"" + mode + "\",\"tokenEvents\":" + TOKEN_EVENTS
                    + ",\"usageEvents\":" + USAGE_EVENTS + ",\"orgs\":" + ORGS + ",\"users\":" + USERS
                    + ",\"seedSeconds\":" + String.format("%.1f", seedSeconds) + ",\"rollSeconds\":"
                    + String.format("%.1f", rollSeconds) + ",\"rolledDays\":" + rolledDays + ",\"samples\":" + SAMPLES
                    + ",\"warmup\":" + WARMUP + ",\"results\":[");
            boolean first = true;
            for (var s : scenarios.entrySet()) {
                String body = get(s.getValue());
                for (int i = 0; i < WARMUP; i++) {
                    get(s.getValue());
                }
                double[] ms = new double[SAMPLES];
                for (int i = 0; i < SAMPLES; i++) {
                    long t = System.nanoTime();
                    get(s.getValue());
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(ms);
                String line = String.format("{\"name\":\"%s\",\"bytes\":%d,\"p50\":%.2f,\"p95\":%.2f,\"max\":%.2f}",
                        s.getKey(), body.length(), ms[SAMPLES / 2], ms[(int) Math.ceil(SAMPLES * 0.95) - 1], ms[SAMPLES - 1]);
                log(mode + " " + line);
                json.append(first ? "" : ",").append(line);
                first = false;
            }
            json.append("]}");
            Files.writeString(Path.of(args[4]), json + "\n");
        }
    }

    static String orgId(int i) {
        return String.format("%08d-0000-4000-8000-%012d", (i * 2654435761L) % 100_000_000L, i);
    }

    static String userId(int i) {
        return String.format("00000000-2222-4000-8000-%012d", i);
    }

    /** {@link #orgId} in SQL, of the integer expression {@code o} (H2 and PostgreSQL alike). */
    static String orgIdSql(String o) {
        return "LPAD(CAST(MOD(" + o + " * 2654435761, 100000000) AS VARCHAR(8)), 8, '0') || '-0000-4000-8000-' || "
                + "LPAD(CAST(" + o + " AS VARCHAR(12)), 12, '0')";
    }

    /** The dialect's pieces of the set-based seeding: rows x = a..b, a uniform random double in [0, 1), instants. */
    record Dialect(boolean postgres) {
        String rows(long a, long b) {
            return postgres ? "generate_series(" + a + ", " + b + ") AS x" : "SYSTEM_RANGE(" + a + ", " + b + ")";
        }

        String rand() {
            return postgres ? "random()" : "RAND()";
        }

        /** A uniform integer in [0, n). */
        String below(long n) {
            return "CAST(FLOOR(" + rand() + " * " + n + ") AS BIGINT)";
        }

        String plusSeconds(Instant start, String seconds) {
            String base = "TIMESTAMP WITH TIME ZONE '" + start.toString().replace('T', ' ').replace("Z", "+00") + "'";
            return postgres ? "(" + base + " + " + seconds + " * INTERVAL '1 second')" : "DATEADD(SECOND, " + seconds + ", " + base + ")";
        }

        /** yyyy-MM-01 of a UTC instant expression (the usage event's period key). */
        String monthKey(String instant) {
            return (postgres ? "to_char(" + instant + " AT TIME ZONE 'UTC', 'YYYY-MM-')"
                    : "FORMATDATETIME(" + instant + ", 'yyyy-MM-', 'en', 'UTC')") + " || '01'";
        }
    }

    static final int CHUNK = 100_000;

    /**
     * ORGS organisations with USERS users (through JDBC); then, set-based inside the database (INSERT … SELECT over
     * H2's SYSTEM_RANGE / PostgreSQL's generate_series, CHUNK rows a statement and a transaction), TOKEN_EVENTS token
     * attempts spread uniformly over the 365 days before today and today until now (a uniformly drawn user and its
     * org; one in three users' events carry no org id, so the tenant is the org; providers openai/qwen/gemini equally;
     * 90 % product, 10 % R&D; 85 % allowed, 8 % rate-limited, 5 % no quota, 2 % provider failed; 10..2,009 tokens) and
     * USAGE_EVENTS metered events over the same days (a uniformly drawn org, two metrics, 1..100 units), a tenth of
     * them received late (up to 3 days, never after now). Rows go in in random time order (ids ascending), as the
     * former JDBC seeding did; the database's random() draws, so two runs differ in detail, not in distribution.
     */
    static void seed(Database db, Instant now) throws Exception {
        Dialect d = new Dialect(db.kind().name().equals("POSTGRES"));
        Instant start = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(365).atStartOfDay(ZoneOffset.UTC).toInstant();
        long spanSeconds = now.getEpochSecond() - start.getEpochSecond();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tenant = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)");
                 PreparedStatement user = c.prepareStatement("INSERT INTO app_user (id, tenant_id, username, "
                         + "password_hash, roles, created_at) VALUES (?, ?, ?, 'x', 'USER', ?)")) {
                Timestamp at = Timestamp.from(start);
                for (int i = 0; i < ORGS; i++) {
                    tenant.setString(1, orgId(i));
                    tenant.setString(2, "Org " + i);
                    tenant.setTimestamp(3, at);
                    tenant.addBatch();
                }
                tenant.executeBatch();
                for (int i = 0; i < USERS; i++) {
                    user.setString(1, userId(i));
                    user.setString(2, orgId(i % ORGS));
                    user.setString(3, "user" + i);
                    user.setTimestamp(4, at);
                    user.addBatch();
                }
                user.executeBatch();
            }
            c.commit();
            String org = orgIdSql("MOD(u, " + ORGS + ")");
            String tokens = "INSERT INTO token_usage_event (id, user_id, tenant_id, org_id, provider, tokens, allowed, "
                    + "outcome, occurred_at, purpose) SELECT '00000000-3333-4000-8000-' || LPAD(CAST(x AS VARCHAR(12)), 12, '0'), "
                    + "'00000000-2222-4000-8000-' || LPAD(CAST(u AS VARCHAR(12)), 12, '0'), " + org + ", "
                    + "CASE WHEN MOD(u, 3) = 0 THEN NULL ELSE " + org + " END, "
                    + "CASE p WHEN 0 THEN 'openai' WHEN 1 THEN 'qwen' ELSE 'gemini' END, 10 + tk, r < 85, "
                    + "CASE WHEN r < 85 THEN 'ALLOWED' WHEN r < 93 THEN 'RATE_LIMITED' WHEN r < 98 THEN 'NO_QUOTA' "
                    + "ELSE 'PROVIDER_FAILED' END, " + d.plusSeconds(start, "s") + ", "
                    + "CASE WHEN rd = 0 THEN 'R&D' ELSE 'PRODUCT' END FROM (SELECT x, " + d.below(USERS) + " AS u, "
                    + d.below(100) + " AS r, " + d.below(PROVIDERS.length) + " AS p, " + d.below(2_000) + " AS tk, "
                    + d.below(spanSeconds) + " AS s, " + d.below(10) + " AS rd FROM %s) t";
            String usage = "INSERT INTO usage_event (tenant_id, request_id, metric, amount, occurred_at, received_at, "
                    + "period_key, kind, payload_hash, response_status, response_body) SELECT " + orgIdSql("o")
                    + ", 'req-' || CAST(x AS VARCHAR(12)), CASE WHEN m = 0 THEN 'api_call' ELSE 'storage_gb' END, 1 + amt, "
                    + d.plusSeconds(start, "s") + ", " + d.plusSeconds(start, "LEAST(s + CASE WHEN late = 0 THEN ls ELSE 0 END, "
                    + spanSeconds + ")") + ", " + d.monthKey(d.plusSeconds(start, "s")) + ", 'RECORD', 'h', 200, '{}' "
                    + "FROM (SELECT x, " + d.below(ORGS) + " AS o, " + d.below(METRICS.length) + " AS m, " + d.below(100)
                    + " AS amt, " + d.below(spanSeconds) + " AS s, " + d.below(10) + " AS late, " + d.below(3 * 86_400L)
                    + " AS ls FROM %s) t";
            insertInChunks(c, d, tokens, TOKEN_EVENTS, "token events");
            insertInChunks(c, d, usage, USAGE_EVENTS, "metered events");
            try (var s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT outcome, purpose, provider, COUNT(*), COUNT(DISTINCT user_id), "
                         + "SUM(CASE WHEN org_id IS NULL THEN 1 ELSE 0 END), MIN(occurred_at), MAX(occurred_at) "
                         + "FROM token_usage_event GROUP BY outcome, purpose, provider ORDER BY 1, 2, 3")) {
                while (rs.next()) {
                    log(String.format("  %-15s %-7s %-6s %7d events, %4d users, %6d without org, %s .. %s",
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()));
                }
            }
            c.commit();
        }
    }

    static void insertInChunks(Connection c, Dialect d, String sqlTemplate, long total, String what) throws Exception {
        for (long a = 1; a <= total; a += CHUNK) {
            long b = Math.min(total, a + CHUNK - 1);
            long t = System.nanoTime();
            try (var s = c.createStatement()) {
                s.executeUpdate(String.format(sqlTemplate, d.rows(a, b)));
            }
            c.commit();
            log(String.format("  %s %d..%d in %.1f s", what, a, b, (System.nanoTime() - t) / 1e9));
        }
    }

    static void analyze(Database db) throws Exception {
        if (db.kind().name().equals("POSTGRES")) {
            try (Connection c = db.dataSource().getConnection(); var s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
        } else {
            try (Connection c = db.dataSource().getConnection(); var s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
    }

    static String get(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + resp.statusCode() + " " + resp.body());
        }
        return resp.body();
    }

    static String send(String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + ": " + resp.statusCode() + " " + resp.body());
        }
        return resp.body();
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    static String secs(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    static void log(String line) {
        System.out.println("[dashboard-bench] " + line);
    }
}
