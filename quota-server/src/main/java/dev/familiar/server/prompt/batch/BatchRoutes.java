package dev.familiar.server.prompt.batch;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.prompt.datasets.DataSets;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Map;

/**
 * Prompt Lab batches (PROMPT_ENGINEER or ADMIN): {@code POST /api/admin/prompt-lab/batches} (202, then poll),
 * {@code GET …/batches/{id}}, {@code POST …/batches/{id}/cancel} (the engineer who started it, or an ADMIN).
 * Starting and cancelling are audited.
 */
public final class BatchRoutes implements RouteModule {
    static final String BASE = "/api/admin/prompt-lab/batches";

    private final JsonBodies bodies;
    private final Batches batches;
    private final AuditLog audit;

    public BatchRoutes(JsonBodies bodies, Batches batches, AuditLog audit) {
        this.bodies = bodies;
        this.batches = batches;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post(BASE, Access.PROMPT_ENGINEER, this::start);
        routes.get(BASE + "/{id}", Access.PROMPT_ENGINEER, this::get);
        routes.post(BASE + "/{id}/cancel", Access.PROMPT_ENGINEER, this::cancel);
    }

    private void start(Context ctx) throws SQLException {
        BatchRequest body = bodies.read(ctx, BatchRequest.class);
        Validation v = new Validation();
        v.text("function", body.function(), 1, 64, null, null);
        v.require(body.version() >= 1, "version", "must be a version number, 1 or more");
        v.text("dataSet", body.dataSet(), 1, 64, DataSets.NAME, "must be 1-64 letters, digits or _ . - characters");
        settings(v, body.settings());
        v.check();
        Batches.StartOutcome outcome = batches.start(Principals.require(ctx), body);
        if (outcome instanceof Batches.Started started) {
            audit.record(Auditor.entry(ctx, null, "prompt.batch.start", started.batch().id(), AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, 202, started.batch());
        } else if (outcome instanceof Batches.NotFound missing) {
            throw ApiError.of(ErrorCode.NOT_FOUND, missing.message());
        } else if (outcome instanceof Batches.Invalid invalid) {
            throw new ApiError(ErrorCode.VALIDATION_FAILED, invalid.message(), 400,
                    Map.of("fields", invalid.fields(), "rows", invalid.rows()));
        } else if (outcome instanceof Batches.Busy busy) {
            throw ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, busy.message());
        }
    }

    private void get(Context ctx) throws SQLException {
        String id = id(ctx);
        ApiResponses.ok(ctx, batches.find(id).orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "No batch " + id)));
    }

    private void cancel(Context ctx) throws SQLException {
        String id = id(ctx);
        Batches.CancelOutcome outcome = batches.cancel(Principals.require(ctx), id);
        if (outcome instanceof Batches.Cancelling cancelling) {
            audit.record(Auditor.entry(ctx, null, "prompt.batch.cancel", id, AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, cancelling.batch());
        } else if (outcome instanceof Batches.Forbidden forbidden) {
            audit.record(Auditor.entry(ctx, null, "prompt.batch.cancel", id, AuditEntry.Outcome.DENIED));
            throw ApiError.of(ErrorCode.FORBIDDEN, forbidden.message());
        } else if (outcome instanceof Batches.NotFound missing) {
            throw ApiError.of(ErrorCode.NOT_FOUND, missing.message());
        }
    }

    private static String id(Context ctx) {
        Validation v = new Validation();
        String id = v.uuid("id", ctx.pathParam("id"));
        v.check();
        return id;
    }

    /** The ranges {@link PromptSettings} documents; whether the provider exists is the iteration's to say. */
    static void settings(Validation v, PromptSettings s) {
        if (s == null) {
            return;
        }
        if (s.provider() != null) {
            v.text("settings.provider", s.provider(), 1, 64, null, null);
        }
        if (s.model() != null) {
            v.text("settings.model", s.model(), 1, 200, null, null);
        }
        v.require(s.temperature() == null || (s.temperature() >= 0 && s.temperature() <= 2), "settings.temperature",
                "must be between 0 and 2");
        v.require(s.maxTokens() == null || (s.maxTokens() >= 1 && s.maxTokens() <= 100_000), "settings.maxTokens",
                "must be between 1 and 100000");
        v.require(s.system() == null || s.system().length() <= 100_000, "settings.system",
                "must be at most 100000 characters long");
        v.require(s.responseFormat() == null || "text".equals(s.responseFormat())
                || "json_object".equals(s.responseFormat()), "settings.responseFormat", "must be text or json_object");
    }
}
