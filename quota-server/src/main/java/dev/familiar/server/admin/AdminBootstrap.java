package dev.familiar.server.admin;

import dev.familiar.server.auth.Role;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first platform administrator on an empty database. With a configured username and
 * password it uses those; otherwise it generates a one-time password and hands it to {@code console}
 * (the process's terminal), never to the log, and marks the account so the password must be changed.
 */
public final class AdminBootstrap {
    public static final String PLATFORM_TENANT_ID = "00000000-0000-0000-0000-000000000001";
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final DataSource dataSource;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Consumer<String> console;

    public AdminBootstrap(DataSource dataSource, PasswordHasher hasher, Clock clock, Consumer<String> console) {
        this.dataSource = dataSource;
        this.users = new UserStore(dataSource);
        this.hasher = hasher;
        this.clock = clock;
        this.console = console;
    }

    /** Seeds an administrator when none exists; returns the username created, if any. */
    public Optional<String> seedIfEmpty(Optional<String> username, Optional<String> password) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (adminExists(c)) {
                    c.rollback();
                    return Optional.empty();
                }
                String user = username.map(String::toLowerCase).orElse("admin");
                boolean generated = password.isEmpty();
                char[] secret = password.map(String::toCharArray).orElseGet(AdminBootstrap::generatePassword);
                ensurePlatformTenant(c);
                c.commit();
                try {
                    users.create(new User(UUID.randomUUID().toString(), PLATFORM_TENANT_ID, user, Optional.empty(),
                            hasher.hash(secret), EnumSet.of(Role.ADMIN), generated, clock.instant()));
                } catch (UserStore.AlreadyTaken e) {
                    return Optional.empty(); // another server seeded it at the same moment
                }
                if (generated) {
                    console.accept(oneTimePasswordNotice(user, secret));
                    LOG.warn("Created administrator '{}' with a one-time password, printed once to the console; "
                            + "it must be changed at first login (POST /api/v1/auth/password)", user);
                } else {
                    LOG.info("Created administrator '{}' from FAMILIAR_ADMIN_USERNAME", user);
                }
                java.util.Arrays.fill(secret, '\0');
                return Optional.of(user);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean adminExists(Connection c) throws SQLException {
        // Lock-free check; the unique username constraint stops two servers seeding the same name.
        // roles is a sorted comma list; TENANT_ADMIN must not count as ADMIN.
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user WHERE roles = 'ADMIN' "
                + "OR roles LIKE 'ADMIN,%' OR roles LIKE '%,ADMIN' OR roles LIKE '%,ADMIN,%'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private void ensurePlatformTenant(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tenant WHERE id = ?")) {
            ps.setString(1, PLATFORM_TENANT_ID);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, PLATFORM_TENANT_ID);
            ps.setString(2, "Platform");
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    private static char[] generatePassword() {
        SecureRandom random = new SecureRandom();
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return out;
    }

    private static String oneTimePasswordNotice(String user, char[] secret) {
        return String.join(System.lineSeparator(),
                "==================================================================",
                " Familiar: first administrator created",
                "   username: " + user,
                "   one-time password: " + new String(secret),
                " This password is shown only once. Change it at first login: the login answers",
                " mustChangePassword: true; POST /api/v1/auth/password {currentPassword, newPassword}.",
                "==================================================================");
    }
}
