// The customers page at 10,000 organisations (bench/customers.sh runs this; see bench/README.md).
// java -cp quota-server/target/familiar-server.jar bench/CustomersBench.java MODE JDBC_URL USER PASSWORD OUT_JSON
// Seeds the organisations through JDBC into a fresh database (after the server's own migrations), starts the
// quota-server in this JVM on a free loopback port, and times GET /api/admin/customers over HTTP.
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class CustomersBench {
    static final int ORGS = Integer.getInteger("orgs", 10_000);
    static final int WARMUP = Integer.getInteger("warmup", 200);
    static final int SAMPLES = Integer.getInteger("samples", 300);
    static final String ADMIN = "bench-admin";
    static final String PASSWORD = "bench-admin-password-1";
    static final Pattern CURSOR = Pattern.compile("\"nextCursor\":\"([A-Za-z0-9_-]+)\"");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dataDir = Files.createTempDirectory("customers-bench");
        String url = args[1].isEmpty() ? "jdbc:h2:file:" + dataDir.resolve("familiar") + ";WRITE_DELAY=0" : args[1];
        ServerConfig config = new ServerConfig("127.0.0.1", 0, dataDir, url, args[2], args[3], Optional.empty(),
                ServerConfig.DEFAULT_TENANT_HEADER, Optional.of(ADMIN), Optional.of(PASSWORD));
        long seedStart = System.nanoTime();
        try (Database db = Database.open(config)) {
            new PlanStore(db.dataSource(), Clock.systemUTC()).seedIfEmpty();
            seed(db);
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        try (FamiliarServer server = FamiliarServer.start(config)) {
            base = server.baseUrl();
            String login = send("POST", "/api/v1/auth/login", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}", false);
            Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(login);
            if (!m.find()) {
                throw new IllegalStateException("login: " + login);
            }
            token = m.group(1);
            Map<String, String> scenarios = new LinkedHashMap<>();
            scenarios.put("first page (sort name, 50 rows)", "limit=50");
            scenarios.put("search by name prefix (\"org acme 1\")", "search=" + enc("org acme 1") + "&limit=50");
            scenarios.put("search by e-mail prefix (\"owner12\")", "search=" + enc("owner12") + "%40&limit=50");
            scenarios.put("filter status=active & plan=pro", "status=active&plan=pro&limit=50");
            for (String sort : List.of("-name", "created", "-created", "plan", "status")) {
                scenarios.put("first page, sort " + sort, "sort=" + enc(sort) + "&limit=50");
            }
            int deep = Math.max(1, Math.min(150, ORGS / 50 - 2));
            String after = String.format("%,d", deep * 50);
            scenarios.put("deep page (after " + after + " rows), sort name", "limit=50&cursor=" + cursorAt("limit=50", deep));
            scenarios.put("deep page (after " + after + " rows), sort -created",
                    "sort=-created&limit=50&cursor=" + cursorAt("sort=-created&limit=50", deep));
            scenarios.put("deep page (after " + after + " rows), sort status",
                    "sort=status&limit=50&cursor=" + cursorAt("sort=status&limit=50", deep));
            StringBuilder json = new StringBuilder("{\"mode\":\"" + mode + "\",\"orgs\":" + ORGS + ",\"seedSeconds\":"
                    + String.format("%.1f", seedSeconds) + ",\"samples\":" + SAMPLES + ",\"results\":[");
            boolean first = true;
            for (var s : scenarios.entrySet()) {
                String path = "/api/admin/customers?" + s.getValue();
                String body = send("GET", path, null, true);
                int rows = body.split("\"orgId\"", -1).length - 1;
                for (int i = 0; i < WARMUP; i++) {
                    send("GET", path, null, true);
                }
                double[] ms = new double[SAMPLES];
                for (int i = 0; i < SAMPLES; i++) {
                    long t = System.nanoTime();
                    send("GET", path, null, true);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(ms);
                String line = String.format("{\"name\":\"%s\",\"rows\":%d,\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f}",
                        s.getKey().replace("\"", "\\\""), rows, ms[SAMPLES / 2], ms[(int) Math.ceil(SAMPLES * 0.99) - 1],
                        ms[SAMPLES - 1]);
                System.out.println("[customers-bench] " + mode + " " + line);
                json.append(first ? "" : ",").append(line);
                first = false;
            }
            json.append("]}");
            Files.writeString(Path.of(args[4]), json + "\n");
        }
    }

    /** The cursor after {@code pages} pages of the query, found by walking them. */
    static String cursorAt(String query, int pages) throws Exception {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            String body = send("GET", "/api/admin/customers?" + query + (cursor == null ? "" : "&cursor=" + cursor), null, true);
            Matcher m = CURSOR.matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no next cursor after page " + i + ": " + body);
            }
            cursor = m.group(1);
        }
        return cursor;
    }

    static String send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (auth) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * ORGS organisations with entitlements over the three plans and five statuses, one a minute from 2026-01-01; half
     * with a billing account (sign-up e-mail), a third with a TENANT_ADMIN owner, each with a usage counter.
     */
    static void seed(Database db) throws Exception {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        String[] plans = {"starter", "pro", "enterprise"};
        String[] statuses = {"TRIALING", "ACTIVE", "PAST_DUE", "PAUSED", "CANCELED"};
        String[] words = {"Acme", "Dragon", "Guild", "Tavern", "Wizard", "Keep", "Forge", "Quest", "Rune", "Griffin"};
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tenant = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)");
                 PreparedStatement ent = c.prepareStatement("INSERT INTO entitlement (tenant_id, plan_code, status, "
                         + "trial_ends_at, billing_anchor, period_start, period_end, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement account = c.prepareStatement("INSERT INTO billing_account (tenant_id, email, "
                         + "cancel_at_period_end, paused, created_at, updated_at) VALUES (?, ?, FALSE, FALSE, ?, ?)");
                 PreparedStatement user = c.prepareStatement("INSERT INTO app_user (id, tenant_id, username, email, "
                         + "password_hash, roles, created_at) VALUES (?, ?, ?, ?, 'x', 'TENANT_ADMIN,USER', ?)");
                 PreparedStatement counter = c.prepareStatement("INSERT INTO usage_counter (tenant_id, metric, period_key, "
                         + "used) VALUES (?, 'api_call', ?, ?)")) {
                for (int i = 0; i < ORGS; i++) {
                    String id = String.format("%08x-0000-4000-8000-%012d", (i * 2654435761L) & 0xffffffffL, i);
                    Instant created = start.plusSeconds(i * 60L);
                    Timestamp at = Timestamp.from(created);
                    tenant.setString(1, id);
                    tenant.setString(2, "Org " + words[i % words.length] + " " + Integer.toString(i * 7919 % 100_000, 36) + " " + i);
                    tenant.setTimestamp(3, at);
                    tenant.addBatch();
                    ent.setString(1, id);
                    ent.setString(2, plans[i % plans.length]);
                    ent.setString(3, statuses[i % statuses.length]);
                    ent.setTimestamp(4, i % 5 == 0 ? Timestamp.from(created.plusSeconds(14 * 86_400L)) : null);
                    ent.setTimestamp(5, at);
                    ent.setTimestamp(6, at);
                    ent.setTimestamp(7, Timestamp.from(created.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant()));
                    ent.setTimestamp(8, at);
                    ent.addBatch();
                    if (i % 2 == 0) {
                        account.setString(1, id);
                        account.setString(2, "billing" + i + "@org" + i + ".example");
                        account.setTimestamp(3, at);
                        account.setTimestamp(4, at);
                        account.addBatch();
                    }
                    if (i % 3 == 0) {
                        user.setString(1, String.format("%08x-1111-4000-8000-%012d", i, i));
                        user.setString(2, id);
                        user.setString(3, "owner" + i + "@org" + i + ".example");
                        user.setString(4, "owner" + i + "@org" + i + ".example");
                        user.setTimestamp(5, at);
                        user.addBatch();
                    }
                    counter.setString(1, id);
                    counter.setString(2, created.toString().substring(0, 10));
                    counter.setLong(3, i % 997);
                    counter.addBatch();
                    if (i % 1000 == 999) {
                        for (PreparedStatement ps : new PreparedStatement[] {tenant, ent, account, user, counter}) {
                            ps.executeBatch();
                        }
                    }
                }
                for (PreparedStatement ps : new PreparedStatement[] {tenant, ent, account, user, counter}) {
                    ps.executeBatch();
                }
            }
            c.commit();
            if (db.kind().name().equals("POSTGRES")) {
                c.setAutoCommit(true);
                try (var s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
            }
        }
    }
}
