package dev.familiar.admin.audit;

import dev.familiar.model.audit.AuditEntryView;
import dev.familiar.model.audit.AuditFilter;
import dev.familiar.model.audit.AuditPage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An audit log in memory: {@code count} entries newest first, cursors are offsets; calls are recorded. */
final class FakeAuditApi implements AuditApi {
    final List<AuditEntryView> entries = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final List<AuditFilter> filters = new ArrayList<>();
    RuntimeException failure;
    /** The export writes this many 1 KiB chunks. */
    int exportChunks = 3;

    FakeAuditApi withEntries(int count) {
        Instant t0 = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 0; i < count; i++) {
            entries.add(new AuditEntryView("e-" + i, t0.minusSeconds(i), i % 2 == 0 ? "tenant-a" : null, "actor-" + i,
                    i % 3 == 0 ? "user.invite" : "billing.plan.upgrade", "target-" + i,
                    i % 4 == 1 ? "DENIED" : i % 4 == 2 ? "FAILURE" : "SUCCESS", "req-" + i, "10.0.0." + i));
        }
        return this;
    }

    @Override
    public AuditPage page(AuditFilter filter, String cursor, int limit) {
        calls.add("page cursor=" + cursor + " limit=" + limit);
        filters.add(filter);
        if (failure != null) {
            throw failure;
        }
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(entries.size(), from + limit);
        return new AuditPage(entries.subList(from, to), to < entries.size() ? Integer.toString(to) : null);
    }

    @Override
    public long exportCsv(AuditFilter filter, OutputStream sink) {
        calls.add("export");
        filters.add(filter);
        if (failure != null) {
            throw failure;
        }
        byte[] chunk = ("x".repeat(1023) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            sink.write("id,at\r\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < exportChunks; i++) {
                sink.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 7L + exportChunks * 1024L;
    }
}
