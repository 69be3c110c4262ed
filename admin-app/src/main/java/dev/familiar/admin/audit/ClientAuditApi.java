package dev.familiar.admin.audit;

import dev.familiar.model.audit.AuditFilter;
import dev.familiar.model.audit.AuditPage;
import dev.familiar.model.client.AuditClient;
import java.io.OutputStream;

/** {@link AuditApi} over the typed client's {@code audit()} area. */
public final class ClientAuditApi implements AuditApi {
    private final AuditClient audit;

    public ClientAuditApi(AuditClient audit) {
        this.audit = audit;
    }

    @Override
    public AuditPage page(AuditFilter filter, String cursor, int limit) {
        return audit.page(filter, cursor, limit);
    }

    @Override
    public long exportCsv(AuditFilter filter, OutputStream sink) {
        return audit.exportCsv(filter, sink);
    }
}
