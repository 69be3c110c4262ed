package dev.familiar.admin.audit;

import dev.familiar.model.audit.AuditFilter;
import dev.familiar.model.audit.AuditPage;
import java.io.OutputStream;

/** What the Audit log screen needs of the server: a page of the log, and the CSV export of a filter. */
public interface AuditApi {
    /** One page newest first ({@code cursor} null: the first). */
    AuditPage page(AuditFilter filter, String cursor, int limit);

    /** Streams every entry the filter matches, as CSV, into {@code sink}; answers the bytes written. */
    long exportCsv(AuditFilter filter, OutputStream sink);
}
