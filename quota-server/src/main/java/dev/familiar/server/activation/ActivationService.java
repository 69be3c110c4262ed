package dev.familiar.server.activation;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.ActivationCodeIssued;
import dev.familiar.model.auth.TokenPair;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.security.SecretTokens;
import dev.familiar.server.tokens.AccessTokens;
import dev.familiar.server.tokens.IssuedToken;
import dev.familiar.server.tokens.TokenSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * UC-17: one-time activation codes exchanged for short-lived org-scoped access tokens and single-use refresh
 * tokens bound to a domain. Refresh rotates; presenting a spent refresh token again revokes the whole family
 * (RFC 9700 reuse detection), its unexpired access tokens included ({@link RevokedFamilies}), and is audited. Every
 * state change is one database transaction, and a refresh token is spent by a conditional update, so of two
 * concurrent refreshes with one token exactly one wins.
 */
public final class ActivationService {
    public static final Set<String> SCOPES = Set.of("usage:write", "entitlements:read");

    /** Who asked, for the audit trail. */
    public record Caller(String actor, String requestId, String clientAddress) {
    }

    private final DataSource dataSource;
    private final AccessTokens tokens;
    private final TokenSettings settings;
    private final AuditLog audit;
    private final RevokedFamilies revokedFamilies;
    private final Clock clock;

    public ActivationService(DataSource dataSource, AccessTokens tokens, TokenSettings settings, AuditLog audit,
                             RevokedFamilies revokedFamilies, Clock clock) {
        this.dataSource = dataSource;
        this.tokens = tokens;
        this.settings = settings;
        this.audit = audit;
        this.revokedFamilies = revokedFamilies;
        this.clock = clock;
    }

    /** Mints a code for a client plugin of {@code tenantId} on {@code domain}; sign-up calls this too. */
    public ActivationCodeIssued mint(String tenantId, String domain, Caller caller) throws SQLException {
        String code = SecretTokens.generate(SecretTokens.ACTIVATION_CODE_PREFIX);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.activationCodeTtl());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO activation_code (id, tenant_id, domain, code_hash, "
                    + "created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                String id = UUID.randomUUID().toString();
                ps.setString(1, id);
                ps.setString(2, tenantId);
                ps.setString(3, domain);
                ps.setString(4, SecretTokens.sha256(code));
                ps.setString(5, caller.actor());
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setTimestamp(7, Timestamp.from(expiresAt));
                ps.executeUpdate();
                audit.record(c, entry(tenantId, caller, "activation_code.mint", id, AuditEntry.Outcome.SUCCESS));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return new ActivationCodeIssued(code, expiresAt);
    }

    /** Spends an activation code and starts a token family. Unknown, used or expired codes are one 401. */
    public TokenPair activate(String code, Caller caller) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<String[]> row = spendCode(c, code, now);
                if (row.isEmpty()) {
                    c.rollback();
                    audit.record(entry(null, caller, "token.activate", "unknown-code", AuditEntry.Outcome.FAILURE));
                    throw ApiError.of(ErrorCode.UNAUTHENTICATED, "The activation code is not valid or has expired");
                }
                String tenantId = row.get()[0];
                String domain = row.get()[1];
                String familyId = UUID.randomUUID().toString();
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO token_family (id, tenant_id, domain, created_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, familyId);
                    ps.setString(2, tenantId);
                    ps.setString(3, domain);
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.executeUpdate();
                }
                String refresh = insertRefreshToken(c, familyId, now);
                audit.record(c, entry(tenantId, caller, "token.activate", familyId, AuditEntry.Outcome.SUCCESS));
                c.commit();
                return pair(familyId, tenantId, domain, refresh);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Rotates a refresh token. A spent token revokes its family; an expired token or a revoked family asks for
     * re-activation ({@code REACTIVATION_REQUIRED}); a domain other than the activation's is refused.
     */
    public TokenPair refresh(String refreshToken, Optional<String> presentedDomain, Caller caller) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<RefreshRow> found = findRefresh(c, SecretTokens.sha256(refreshToken));
                if (found.isEmpty()) {
                    c.rollback();
                    throw ApiError.of(ErrorCode.UNAUTHENTICATED, "The refresh token is not valid");
                }
                RefreshRow row = found.get();
                if (row.familyRevoked()) {
                    c.rollback();
                    throw reactivate("This client's tokens were revoked; activate it again");
                }
                if (presentedDomain.isPresent() && !presentedDomain.get().equalsIgnoreCase(row.domain())) {
                    c.rollback();
                    audit.record(entry(row.tenantId(), caller, "token.refresh", row.familyId(), AuditEntry.Outcome.DENIED));
                    throw ApiError.of(ErrorCode.UNAUTHENTICATED, "The refresh token is not valid for this domain");
                }
                if (row.spent() || !spend(c, row.id(), now)) {
                    revokeFamily(c, row.familyId(), now, "refresh token reuse");
                    audit.record(c, entry(row.tenantId(), caller, "token.refresh.reuse", row.familyId(),
                            AuditEntry.Outcome.DENIED));
                    c.commit();
                    revokedFamilies.revoked(row.familyId()); // its access tokens: refused here at once, elsewhere soon
                    throw reactivate("This refresh token was already used; every token of this client is revoked");
                }
                if (!row.expiresAt().isAfter(now)) {
                    c.rollback();
                    throw reactivate("The refresh token has expired; activate the client again");
                }
                String next = insertRefreshToken(c, row.familyId(), now);
                c.commit();
                return pair(row.familyId(), row.tenantId(), row.domain(), next);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private record RefreshRow(String id, String familyId, String tenantId, String domain, Instant expiresAt,
                              boolean spent, boolean familyRevoked) {
    }

    private TokenPair pair(String familyId, String tenantId, String domain, String refresh) {
        IssuedToken access = tokens.issueForActivation(familyId, tenantId, domain, SCOPES);
        return new TokenPair(access.token(), refresh, settings.activationTokenTtl().toSeconds(),
                String.join(" ", SCOPES.stream().sorted().toList()), "Bearer");
    }

    private static Optional<String[]> spendCode(Connection c, String code, Instant now) throws SQLException {
        String hash = SecretTokens.sha256(code);
        String[] row;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant_id, domain FROM activation_code WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?")) {
            ps.setString(1, hash);
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = new String[] {rs.getString(1), rs.getString(2)};
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE activation_code SET used_at = ? WHERE code_hash = ? AND used_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, hash);
            return ps.executeUpdate() == 1 ? Optional.of(row) : Optional.empty();
        }
    }

    private String insertRefreshToken(Connection c, String familyId, Instant now) throws SQLException {
        String token = SecretTokens.generate(SecretTokens.REFRESH_TOKEN_PREFIX);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO refresh_token (id, family_id, token_hash, created_at, "
                + "expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, familyId);
            ps.setString(3, SecretTokens.sha256(token));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setTimestamp(5, Timestamp.from(now.plus(settings.refreshTokenTtl())));
            ps.executeUpdate();
        }
        return token;
    }

    private static Optional<RefreshRow> findRefresh(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.family_id, f.tenant_id, f.domain, r.expires_at, "
                + "r.spent_at, f.revoked_at FROM refresh_token r JOIN token_family f ON f.id = r.family_id "
                + "WHERE r.token_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RefreshRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6) != null, rs.getTimestamp(7) != null));
            }
        }
    }

    /** Spends the token if nobody else has: the row lock decides between concurrent refreshes. */
    private static boolean spend(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE refresh_token SET spent_at = ? WHERE id = ? AND spent_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static void revokeFamily(Connection c, String familyId, Instant now, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE token_family SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, reason);
            ps.setString(3, familyId);
            ps.executeUpdate();
        }
    }

    private static ApiError reactivate(String message) {
        return new ApiError(ErrorCode.REACTIVATION_REQUIRED, message, 401);
    }

    private static AuditEntry entry(String tenantId, Caller caller, String action, String target, AuditEntry.Outcome outcome) {
        return new AuditEntry(tenantId, caller.actor(), action, target, outcome, caller.requestId(), caller.clientAddress());
    }
}
