package dev.familiar.server.audit.query;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.audit.AuditPage;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: {@code GET /api/admin/audit?actor=&action=&tenantId=&from=&to=&cursor=&limit=} answers a keyset page
 * newest first in the envelope; the same route with {@code Accept: text/csv} streams every matching entry as CSV,
 * row by row from the database to the socket. TENANT_ADMIN level; {@link AuditQueries} confines a tenant admin to
 * their tenant.
 */
public final class AuditRoutes implements RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRoutes.class);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final int MAX_ACTOR = 100;
    static final int MAX_ACTION = 64;
    static final int MAX_TENANT = 36;
    /** Actions are dotted lower-case names ({@code users.invite}); a trailing {@code *} makes a prefix. */
    static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.:-]*\\*?");
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]+");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int WRITE_BUFFER = 16 * 1024;

    private final AuditQueries queries;
    private final AuditLog audit;
    private final Clock clock;

    public AuditRoutes(AuditQueries queries, AuditLog audit, Clock clock) {
        this.queries = queries;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/audit", Access.TENANT_ADMIN, this::read);
    }

    private void read(Context ctx) throws Exception {
        boolean csv = wantsCsv(ctx.header("Accept"));
        AuditQuery query = query(ctx, csv);
        Principal caller = Principals.require(ctx);
        AuditQueries.Scope scope = queries.scope(caller, query);
        if (scope instanceof AuditQueries.Scope.OtherTenant) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "A tenant admin reads only their own tenant's audit log");
        }
        AuditQueries.Scope.Allowed allowed = (AuditQueries.Scope.Allowed) scope;
        if (csv) {
            export(ctx, caller, allowed);
        } else {
            AuditStore.Page page = queries.page(allowed);
            ApiResponses.ok(ctx, new AuditPage(page.items(), page.next() == null ? null : page.next().encode()));
        }
    }

    static boolean wantsCsv(String accept) {
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    /** The validated query of a request; every problem is a 400 with the field named. */
    static AuditQuery query(Context ctx, boolean csv) {
        Validation v = new Validation();
        Optional<String> actor = text(v, "actor", ctx.queryParam("actor"), MAX_ACTOR);
        Optional<String> tenantId = text(v, "tenantId", ctx.queryParam("tenantId"), MAX_TENANT);
        tenantId.ifPresent(t -> v.require(TENANT.matcher(t).matches(), "tenantId", "must be a tenant id"));
        Optional<String> actionText = text(v, "action", ctx.queryParam("action"), MAX_ACTION + 1);
        Optional<String> action = Optional.empty();
        boolean prefix = false;
        if (actionText.isPresent()) {
            String a = actionText.get();
            if (!ACTION.matcher(a).matches()) {
                v.problem("action", "must be an action name such as users.invite, or a prefix ending in * such as billing.*");
            } else {
                prefix = a.endsWith("*");
                action = Optional.of(prefix ? a.substring(0, a.length() - 1) : a);
                v.require(action.get().length() <= MAX_ACTION, "action", "must be at most " + MAX_ACTION
                        + " characters long");
            }
        }
        Instant from = v.optionalInstant("from", blankToNull(ctx.queryParam("from")), "2026-03-01T00:00:00Z");
        Instant to = v.optionalInstant("to", blankToNull(ctx.queryParam("to")), "2026-04-01T00:00:00Z");
        if (from != null && to != null && !from.isBefore(to)) {
            v.problem("to", "must be after from");
        }
        Optional<AuditCursor> cursor = Optional.empty();
        String cursorText = ctx.queryParam("cursor");
        if (cursorText != null) {
            if (csv) {
                v.problem("cursor", "is not used by the CSV export, which answers every matching entry");
            } else {
                cursor = AuditCursor.decode(cursorText);
                v.require(cursor.isPresent(), "cursor", "must be the nextCursor of the previous page");
            }
        }
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        return new AuditQuery(actor, action, prefix, tenantId, Optional.ofNullable(from), Optional.ofNullable(to),
                cursor, limit);
    }

    /** An optional exact-match text: absent when missing or blank, at most {@code max} characters. */
    private static Optional<String> text(Validation v, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > max) {
            v.problem(field, "must be at most " + max + " characters long");
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                v.problem(field, "must not contain control characters");
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Streams the export: the header and rows go through a small buffer to the response's output stream as the
     * database hands them over, so neither the rows nor the text of the export are ever held whole. Nothing reaches
     * the client before the query has answered its first row (or none), so a failure up to then is still the error
     * envelope; a failure after bytes left is logged and the export ends short.
     */
    private void export(Context ctx, Principal caller, AuditQueries.Scope.Allowed scope) throws SQLException {
        ctx.status(200);
        ctx.res().setContentType("text/csv; charset=utf-8");
        ctx.res().setHeader("Content-Disposition", "attachment; filename=\"audit-" + FILE_TIME.format(clock.instant())
                + ".csv\"");
        ctx.res().setHeader("Cache-Control", "no-store");
        LazyOutput lazy = new LazyOutput(ctx);
        Writer out = new BufferedWriter(new OutputStreamWriter(lazy, StandardCharsets.UTF_8), WRITE_BUFFER);
        long rows;
        try {
            AuditCsv.writeHeader(out);
            rows = queries.export(scope, entry -> AuditCsv.writeRow(out, entry));
            out.flush();
        } catch (IOException e) {
            LOG.info("Audit export to {} ended early: {}", ctx.ip(), e.getMessage());
            return;
        } catch (SQLException | RuntimeException e) {
            if (!lazy.opened()) {
                ctx.res().setHeader("Content-Disposition", null);
                ctx.res().setHeader("Cache-Control", null);
                throw e;
            }
            LOG.error("Audit export failed after its first bytes; the client has a short file", e);
            return;
        }
        audit.record(Auditor.entry(ctx, caller.isAdmin() ? scope.query().tenantId().orElse(null) : caller.tenantId(),
                "audit.export", rows + " entries", AuditEntry.Outcome.SUCCESS));
    }

    /** The response's output stream, taken only when the first bytes are written. */
    private static final class LazyOutput extends OutputStream {
        private final Context ctx;
        private OutputStream out;

        LazyOutput(Context ctx) {
            this.ctx = ctx;
        }

        boolean opened() {
            return out != null;
        }

        private OutputStream out() throws IOException {
            if (out == null) {
                out = ctx.res().getOutputStream();
            }
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            out().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (out != null) {
                out.flush();
            }
        }
    }
}
