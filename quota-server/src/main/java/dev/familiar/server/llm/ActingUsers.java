package dev.familiar.server.llm;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.users.ExternalUsers;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import io.javalin.http.Context;
import java.sql.SQLException;

/**
 * Whom a metered call is for, the one rule of {@code /api/v1/tokens/consume} and {@code /api/v1/functions/…/invoke}:
 * a user acts only for themselves (403), ADMIN for any existing user (404 when unknown), a tenant's service key for
 * any user of its tenant (403 for another tenant's user; an unknown id becomes an external user of the tenant when
 * {@code createExternal}, else 404). Thread-safe.
 */
public final class ActingUsers {
    private final UserStore users;
    private final ExternalUsers externalUsers;
    private final AuditLog audit;

    public ActingUsers(UserStore users, ExternalUsers externalUsers, AuditLog audit) {
        this.users = users;
        this.externalUsers = externalUsers;
        this.audit = audit;
    }

    /** The tenant of the user the caller acts for (see the class comment). */
    public String tenantOf(Context ctx, String userId, boolean createExternal) throws SQLException {
        Principal caller = Principals.require(ctx);
        if (caller.isService()) {
            ExternalUsers.Resolution resolution = externalUsers.resolve(caller.tenantId(), userId, createExternal);
            if (resolution instanceof ExternalUsers.OtherTenant) {
                throw ApiError.of(ErrorCode.FORBIDDEN, "the user belongs to another tenant");
            }
            if (!(resolution instanceof ExternalUsers.Member member)) {
                throw ApiError.of(ErrorCode.NOT_FOUND, "no such user");
            }
            if (member.created()) {
                audit.record(Auditor.entry(ctx, caller.tenantId(), "user.external.create", userId,
                        AuditEntry.Outcome.SUCCESS));
            }
            return caller.tenantId();
        }
        if (caller.userId().map(userId::equals).orElse(false)) {
            return caller.tenantId();
        }
        if (!caller.isAdmin()) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "you may act only for yourself");
        }
        return users.findById(userId).map(User::tenantId).orElseThrow(() ->
                ApiError.of(ErrorCode.NOT_FOUND, "no such user"));
    }
}
