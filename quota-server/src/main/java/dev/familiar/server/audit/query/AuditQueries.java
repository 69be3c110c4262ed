package dev.familiar.server.audit.query;

import dev.familiar.server.auth.Principal;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Reading the audit log: which entries a caller may see, a page of them, or all of them streamed. An ADMIN reads
 * every tenant's entries and the platform's (tenant null); anyone else (a TENANT_ADMIN) reads only their own tenant's,
 * and naming another tenant is refused rather than answered empty.
 */
public final class AuditQueries {
    /** Whether the caller may run a query, and the query they may run. */
    public sealed interface Scope {
        record Allowed(AuditQuery query) implements Scope { }

        record OtherTenant(String ownTenant) implements Scope { }
    }

    private final AuditStore store;

    public AuditQueries(AuditStore store) {
        this.store = Objects.requireNonNull(store);
    }

    public Scope scope(Principal caller, AuditQuery query) {
        if (caller.isAdmin()) {
            return new Scope.Allowed(query);
        }
        String own = caller.tenantId();
        if (query.tenantId().isPresent() && !query.tenantId().get().equals(own)) {
            return new Scope.OtherTenant(own);
        }
        return new Scope.Allowed(query.inTenant(own));
    }

    public AuditStore.Page page(Scope.Allowed scope) throws SQLException {
        return store.page(scope.query());
    }

    public long export(Scope.Allowed scope, AuditStore.RowSink sink) throws SQLException, IOException {
        return store.export(scope.query(), sink);
    }
}
