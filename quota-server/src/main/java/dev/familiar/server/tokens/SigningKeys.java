package dev.familiar.server.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The ES256 keys that sign our JWTs, kept in the database so every server of a team signs and verifies
 * with the same set. The newest key that is not retired signs; retired keys still verify until
 * {@code retire_after}, the end of the longest-lived token they can have signed, so rotating logs nobody out.
 * Thread-safe: the in-memory copy is replaced whole.
 */
public final class SigningKeys {
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration longestTokenLifetime;
    private volatile Snapshot snapshot = new Snapshot(null, List.of());
    /** Unknown key ids reload from the database at most this often, so random kids cannot hammer it. */
    private static final long RELOAD_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
    private long lastReloadNanos = System.nanoTime() - RELOAD_INTERVAL_NANOS;

    /** A retired key verifies until {@code retireAfter}; the active key has none. */
    private record StoredKey(ECKey key, Instant retireAfter) {
    }

    private record Snapshot(ECKey active, List<StoredKey> keys) {
    }

    public SigningKeys(DataSource dataSource, Clock clock, Duration longestTokenLifetime) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.longestTokenLifetime = longestTokenLifetime;
    }

    /** Loads the keys, creating the first one on an empty database. */
    public synchronized void initialize() {
        reload();
        if (snapshot.active() == null) {
            insert(newKey());
            reload();
        }
    }

    /** The key new tokens are signed with. */
    public ECKey activeKey() {
        ECKey key = snapshot.active();
        if (key == null) {
            throw new IllegalStateException("SigningKeys.initialize() was not called");
        }
        return key;
    }

    /** Keys that may verify a token now: the active one and retired ones whose tokens may still be alive. */
    public JWKSet verificationKeys() {
        Instant now = clock.instant();
        List<JWK> usable = new ArrayList<>();
        for (StoredKey stored : snapshot.keys()) {
            if (stored.retireAfter() == null || stored.retireAfter().isAfter(now)) {
                usable.add(stored.key());
            }
        }
        return new JWKSet(usable);
    }

    /** The public halves, for {@code /oauth2/jwks}. */
    public JWKSet publicKeys() {
        return verificationKeys().toPublicJWKSet();
    }

    /**
     * Whether a key id is unknown here but might be known to the database (another server rotated):
     * reloads and tells whether it is known now.
     */
    public synchronized boolean refreshFor(String kid) {
        if (kid != null && verificationKeys().getKeyByKeyId(kid) != null) {
            return true;
        }
        if (System.nanoTime() - lastReloadNanos < RELOAD_INTERVAL_NANOS) {
            return false;
        }
        reload();
        return kid != null && verificationKeys().getKeyByKeyId(kid) != null;
    }

    /** Retires the active key (it keeps verifying for the longest token lifetime) and makes a new one active. */
    public synchronized ECKey rotate() {
        Instant now = clock.instant();
        ECKey next = newKey();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement retire = c.prepareStatement(
                    "UPDATE signing_key SET retired_at = ?, retire_after = ? WHERE retired_at IS NULL")) {
                retire.setTimestamp(1, Timestamp.from(now));
                retire.setTimestamp(2, Timestamp.from(now.plus(longestTokenLifetime).plusSeconds(120)));
                retire.executeUpdate();
                insert(c, next, now);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot rotate signing keys", e);
        }
        reload();
        return next;
    }

    private void reload() {
        List<StoredKey> keys = new ArrayList<>();
        ECKey active = null;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT private_jwk, retired_at, retire_after FROM signing_key "
                     + "ORDER BY created_at DESC, kid")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ECKey key = ECKey.parse(rs.getString(1));
                    Timestamp retiredAt = rs.getTimestamp(2);
                    Timestamp retireAfter = rs.getTimestamp(3);
                    if (retiredAt == null) {
                        if (active == null) {
                            active = key;
                        }
                        keys.add(new StoredKey(key, null));
                    } else if (retireAfter != null) {
                        keys.add(new StoredKey(key, retireAfter.toInstant()));
                    }
                }
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("Cannot load signing keys", e);
        }
        snapshot = new Snapshot(active, List.copyOf(keys));
        lastReloadNanos = System.nanoTime();
    }

    private void insert(ECKey key) {
        try (Connection c = dataSource.getConnection()) {
            insert(c, key, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store a signing key", e);
        }
    }

    private static void insert(Connection c, ECKey key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO signing_key (kid, algorithm, private_jwk, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, key.getKeyID());
            ps.setString(2, JWSAlgorithm.ES256.getName());
            ps.setString(3, key.toJSONString());
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an ES256 key", e);
        }
    }
}
