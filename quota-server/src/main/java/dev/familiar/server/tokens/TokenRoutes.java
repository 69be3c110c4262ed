package dev.familiar.server.tokens;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import java.util.Map;

/** {@code GET /oauth2/jwks} (public keys of our JWTs) and {@code POST /api/admin/signing-keys/rotate}. */
public final class TokenRoutes implements RouteModule {
    private final SigningKeys keys;
    private final AuditLog audit;

    public TokenRoutes(SigningKeys keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/oauth2/jwks", Access.PUBLIC, ctx -> {
            keys.refreshFor(null);
            ctx.contentType("application/jwk-set+json").result(keys.publicKeys().toString());
        });
        routes.post("/api/admin/signing-keys/rotate", Access.ADMIN, ctx -> {
            String kid = keys.rotate().getKeyID();
            audit.record(Auditor.entry(ctx, null, "signing_key.rotate", kid, AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, Map.of("kid", kid));
        });
    }
}
