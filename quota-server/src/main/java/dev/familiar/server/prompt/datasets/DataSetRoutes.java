package dev.familiar.server.prompt.datasets;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prompt Lab data sets (PROMPT_ENGINEER or ADMIN; shared by every engineer):
 * {@code GET /api/admin/prompt-lab/data-sets}, {@code PUT|GET|DELETE …/data-sets/{name}} and
 * {@code GET …/data-sets/{name}/check?function=&version=}. Saves and deletions are audited.
 */
public final class DataSetRoutes implements RouteModule {
    static final String BASE = "/api/admin/prompt-lab/data-sets";

    private final JsonBodies bodies;
    private final DataSets dataSets;
    private final AuditLog audit;

    public DataSetRoutes(JsonBodies bodies, DataSets dataSets, AuditLog audit) {
        this.bodies = bodies;
        this.dataSets = dataSets;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get(BASE, Access.PROMPT_ENGINEER, this::list);
        routes.put(BASE + "/{name}", Access.PROMPT_ENGINEER, this::put);
        routes.get(BASE + "/{name}", Access.PROMPT_ENGINEER, this::get);
        routes.delete(BASE + "/{name}", Access.PROMPT_ENGINEER, this::delete);
        routes.get(BASE + "/{name}/check", Access.PROMPT_ENGINEER, this::check);
    }

    private void list(Context ctx) throws SQLException {
        ApiResponses.ok(ctx, dataSets.list());
    }

    private void put(Context ctx) throws SQLException {
        String name = name(ctx);
        DataSetWrite body = bodies.read(ctx, DataSetWrite.class);
        Map<String, String> problems = new LinkedHashMap<>();
        if (body.name() != null && !body.name().equals(name)) {
            problems.put("name", "must match the path or be left out");
        }
        DataSets.problems(name, body.description(), body.rows()).forEach(problems::putIfAbsent);
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        Principal caller = Principals.require(ctx);
        boolean replaced = dataSets.save(name, body.description(), body.rows(), caller.subject());
        audit.record(Auditor.entry(ctx, null, replaced ? "prompt.dataset.replace" : "prompt.dataset.create", name,
                AuditEntry.Outcome.SUCCESS));
        ApiResponses.ok(ctx, dataSets.find(name).orElseThrow(() -> notFound(name)));
    }

    private void get(Context ctx) throws SQLException {
        String name = name(ctx);
        ApiResponses.ok(ctx, dataSets.find(name).orElseThrow(() -> notFound(name)));
    }

    private void delete(Context ctx) throws SQLException {
        String name = name(ctx);
        if (!dataSets.delete(name)) {
            throw notFound(name);
        }
        audit.record(Auditor.entry(ctx, null, "prompt.dataset.delete", name, AuditEntry.Outcome.SUCCESS));
        ApiResponses.ok(ctx, Map.of("name", name, "deleted", true));
    }

    private void check(Context ctx) throws SQLException {
        Validation v = new Validation();
        String name = ctx.pathParam("name");
        v.text("name", name, 1, 64, DataSets.NAME, "must be 1-64 letters, digits or _ . - characters");
        String function = v.text("function", ctx.queryParam("function"), 1, 64, null, null);
        int version = v.optionalWhole("version", ctx.queryParam("version"), 0, 1, Integer.MAX_VALUE);
        v.require(ctx.queryParam("version") != null, "version", "is required: the version to check against");
        v.check();
        DataSets.CheckOutcome outcome = dataSets.check(name, function, version);
        if (outcome instanceof DataSets.NotFound missing) {
            throw ApiError.of(ErrorCode.NOT_FOUND, missing.message());
        }
        ApiResponses.ok(ctx, ((DataSets.Checked) outcome).check());
    }

    private static String name(Context ctx) {
        String name = ctx.pathParam("name");
        Validation v = new Validation();
        v.text("name", name, 1, 64, DataSets.NAME, "must be 1-64 letters, digits or _ . - characters");
        v.check();
        return name;
    }

    private static ApiError notFound(String name) {
        return ApiError.of(ErrorCode.NOT_FOUND, "No data set " + name);
    }
}
