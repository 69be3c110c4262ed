package dev.familiar.admin.usage;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import javafx.scene.control.TableView;

/**
 * Takes docs/screenshots/usage.png: signs up five organisations on a fresh data folder through the real server, then
 * writes a month of token attempts (three providers, a few refusals, the Prompt Lab's R&D, one organisation's spike
 * five days ago) and metered events into the server's tables, the way the server's own dashboard tests seed them,
 * starts the real console at the Usage screen and snapshots it. Needs a display; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@usage-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class UsageScreenshot {
    private static final List<String> ORGS = List.of("Dragonfire Games", "Feywild Press", "Owlbear Outfitters",
            "Tarrasque Logistics", "Yawning Portal Inn");
    private static final List<String> PEOPLE = List.of("mara.quill", "tobin.ash", "ilse.varn", "odo.brisk",
            "sela.moor", "ravi.tamm", "juno.pike", "ezra.fenn", "nell.hart", "cato.wren", "lio.marsh", "wynn.ode");
    private static final String ENGINEER = "pat.prompts";
    /** Days of data: the 30 shown, and two weeks before them so every day shown has its anomaly baseline. */
    private static final int DAYS = 44;
    private static final int SPIKE_DAYS_AGO = 5;

    private UsageScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/usage.png").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-usage-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        List<String> orgIds = new ArrayList<>();
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(embedded)
                .withBilling(BillingSettings.dryRun().withSignupsPerMinute(100_000)));
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token())) {
            for (String name : ORGS) {
                String email = "owner@" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".example";
                orgIds.add(admin.signup().signUp(name, email).orgId());
            }
        }
        seed(embedded, orgIds);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(UsageView.ID);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.embedded(embedded))) {
            console.await("the usage to load", () -> !console.text("#usageSummary").isEmpty());
            TableView<?> anomalies = (TableView<?>) console.stage().getScene().lookup("#anomaliesTable");
            console.await("the anomalies to load", () -> !anomalies.getItems().isEmpty());
            console.snapshot(out);
        }
    }

    /** A month of token attempts and metered events, written while no server runs. */
    private static void seed(Path embedded, List<String> orgIds) throws SQLException {
        Random random = new Random(16);
        Instant now = Instant.now().minus(10, ChronoUnit.MINUTES);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(jdbcUrl(embedded), "sa", "")) {
            c.setAutoCommit(false);
            List<String[]> users = new ArrayList<>(); // id, org
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_user (id, tenant_id, username, email, "
                    + "password_hash, roles, created_at) VALUES (?, ?, ?, ?, 'x', ?, ?)")) {
                for (int i = 0; i <= PEOPLE.size(); i++) {
                    String id = UUID.randomUUID().toString();
                    String org = orgIds.get(i % orgIds.size());
                    String name = i == PEOPLE.size() ? ENGINEER : PEOPLE.get(i);
                    ps.setString(1, id);
                    ps.setString(2, org);
                    ps.setString(3, name);
                    ps.setString(4, name + "@example.com");
                    ps.setString(5, i == PEOPLE.size() ? "PROMPT_ENGINEER" : "USER");
                    ps.setObject(6, now.minus(40, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC));
                    ps.addBatch();
                    users.add(new String[] {id, org});
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_usage_event (id, user_id, tenant_id, "
                    + "org_id, provider, tokens, allowed, outcome, occurred_at, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int back = DAYS - 1; back >= 0; back--) {
                    LocalDate day = today.minusDays(back);
                    boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
                    double growth = 1 + (DAYS - back) / 90.0;
                    for (int u = 0; u < users.size(); u++) {
                        String[] user = users.get(u);
                        boolean engineer = u == users.size() - 1;
                        int attempts = (weekend ? 4 : 10) + random.nextInt(4) + (u % 4 == 0 ? 4 : 0);
                        for (int a = 0; a < attempts; a++) {
                            String provider = engineer ? "openai" : pick(random);
                            long tokens = Math.round((300 + random.nextInt(500)) * growth * (u % 3 == 0 ? 1.6 : 1));
                            if (back == SPIKE_DAYS_AGO && !engineer && user[1].equals(orgIds.get(2))
                                    && "openai".equals(provider)) {
                                tokens *= 9; // the anomaly the screen shows
                            }
                            String outcome = engineer ? "ALLOWED" : outcome(random);
                            Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant()
                                    .plusSeconds(7 * 3600 + random.nextInt(13 * 3600));
                            if (at.isAfter(now)) {
                                at = now.minusSeconds(random.nextInt(3_600));
                            }
                            ps.setString(1, UUID.randomUUID().toString());
                            ps.setString(2, user[0]);
                            ps.setString(3, user[1]);
                            ps.setString(4, user[1]);
                            ps.setString(5, provider);
                            ps.setLong(6, tokens);
                            ps.setBoolean(7, "ALLOWED".equals(outcome));
                            ps.setString(8, outcome);
                            ps.setObject(9, at.atOffset(ZoneOffset.UTC));
                            ps.setString(10, engineer ? "R&D" : "PRODUCT");
                            ps.addBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_event (tenant_id, request_id, metric, "
                    + "amount, occurred_at, received_at, period_key, kind, payload_hash, response_status, "
                    + "response_body) VALUES (?, ?, ?, ?, ?, ?, ?, 'RECORD', 'h', 200, '{}')")) {
                for (int back = DAYS - 1; back >= 0; back--) {
                    LocalDate day = today.minusDays(back);
                    for (int o = 0; o < orgIds.size(); o++) {
                        for (String metric : List.of("api_call", "image_render")) {
                            long amount = "api_call".equals(metric) ? 120 + random.nextInt(400) + o * 90L
                                    : 10 + random.nextInt(60);
                            Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(12 * 3600);
                            if (at.isAfter(now)) {
                                at = now;
                            }
                            ps.setString(1, orgIds.get(o));
                            ps.setString(2, UUID.randomUUID().toString());
                            ps.setString(3, metric);
                            ps.setLong(4, amount);
                            ps.setObject(5, at.atOffset(ZoneOffset.UTC));
                            ps.setObject(6, at.atOffset(ZoneOffset.UTC));
                            ps.setString(7, day.withDayOfMonth(1).toString());
                            ps.addBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
            // The seeding server rolled the (then empty) closed days already: roll them again from the new events.
            try (Statement s = c.createStatement()) {
                for (String table : List.of("dash_token_day", "dash_org_token_day", "dash_user_token_day",
                        "dash_usage_day")) {
                    s.executeUpdate("DELETE FROM " + table);
                }
                s.executeUpdate("UPDATE dash_rollup_state SET rolled_through = NULL, watermark = NULL");
            }
            c.commit();
        }
    }

    private static String pick(Random random) {
        int r = random.nextInt(10);
        return r < 5 ? "openai" : r < 8 ? "gemini" : "qwen";
    }

    private static String outcome(Random random) {
        int r = random.nextInt(100);
        return r < 90 ? "ALLOWED" : r < 95 ? "RATE_LIMITED" : r < 98 ? "NO_QUOTA" : "PROVIDER_FAILED";
    }

    private static String jdbcUrl(Path embedded) {
        return "jdbc:h2:file:" + embedded.toAbsolutePath().resolve("familiar").toString().replace('\\', '/')
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }
}
