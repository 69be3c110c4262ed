package dev.familiar.admin.connection;

import dev.familiar.server.FamiliarServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's sign-in on its embedded server: the server, running in this process, hands over an access token of
 * its first administrator in memory ({@link FamiliarServer#inProcessAdminSession()}), so nobody types the one-time
 * password; the trust never leaves the process. The token is renewed a minute before it expires. Thread-safe.
 */
final class EmbeddedAdminSession {
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);
    private final FamiliarServer server;
    private final Clock clock;
    private FamiliarServer.AdminSession session;

    EmbeddedAdminSession(FamiliarServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** The Authorization header value for the next call; null when the server has no usable administrator. */
    synchronized String authorization() {
        if (session == null || !clock.instant().isBefore(session.expiresAt().minus(RENEW_BEFORE))) {
            session = server.inProcessAdminSession().orElse(null);
        }
        return session == null ? null : "Bearer " + session.token();
    }

    /** Whom the console acts as, once a session could be had. */
    synchronized Optional<String> describe() {
        authorization();
        return Optional.ofNullable(session).map(FamiliarServer.AdminSession::username);
    }
}
