package dev.familiar.model.client;

import dev.familiar.model.audit.AuditFilter;
import dev.familiar.model.audit.AuditPage;
import java.io.OutputStream;

/**
 * The audit log ({@code GET /api/admin/audit}; ADMIN sees every tenant, a TENANT_ADMIN only their own). Reach it
 * through {@link FamiliarClient#audit()}.
 */
public final class AuditClient {
    private final ApiTransport transport;

    AuditClient(ApiTransport transport) {
        this.transport = transport;
    }

    /**
     * {@code GET /api/admin/audit?actor=&action=&tenantId=&from=&to=&cursor=&limit=}: one page, newest first; follow
     * {@link AuditPage#nextCursor()} with the same filter. {@code cursor} and {@code limit} (1-500, default 100) may
     * be null.
     */
    public AuditPage page(AuditFilter filter, String cursor, Integer limit) {
        return filtered(transport.get("api/admin/audit"), filter).query("cursor", cursor).query("limit", limit)
                .envelope(AuditPage.class);
    }

    /**
     * The same route with {@code Accept: text/csv}: every entry the filter matches, newest first, streamed as CSV
     * (a header line, then one line per entry) into {@code sink}; answers the bytes written.
     */
    public long exportCsv(AuditFilter filter, OutputStream sink) {
        return filtered(transport.get("api/admin/audit"), filter).download("text/csv", sink);
    }

    private static ApiTransport.Call filtered(ApiTransport.Call call, AuditFilter filter) {
        AuditFilter f = filter == null ? AuditFilter.all() : filter;
        return call.query("actor", f.actor()).query("action", f.action()).query("tenantId", f.tenantId())
                .query("from", f.from()).query("to", f.to());
    }
}
