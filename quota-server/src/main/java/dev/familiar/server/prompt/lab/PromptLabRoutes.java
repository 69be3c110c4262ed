package dev.familiar.server.prompt.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.api.ErrorEnvelope;
import dev.familiar.model.api.Json;
import dev.familiar.model.prompt.IterationList;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.RndBudget;
import dev.familiar.model.prompt.RndBudgetList;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Prompt Lab's iterations and R&D budgets (ADMIN or PROMPT_ENGINEER; setting a budget ADMIN only), in the
 * envelope family, every run and budget change audited.
 *
 * <ul>
 *   <li>{@code POST /api/admin/prompt-lab/iterations} {@code {function, version, data, settings?}} → 201 the stored
 *       iteration (a provider failure is a stored FAILED iteration); 400 {@code VALIDATION_FAILED} with every
 *       problem ({@code details.problems}, and {@code details.fields} by {@code data.<parameter>} or
 *       {@code settings.<field>}); 404 for an unknown function or version; 402 {@code RND_BUDGET_EXCEEDED}.
 *       With {@code Accept: text/event-stream} the answer streams: {@code event: delta} {@code {"text":…}} per piece
 *       of output, then {@code event: iteration} with the stored iteration; a refusal before anything is streamed
 *       is the same HTTP error as without streaming, a failure after the stream began is {@code event: error}
 *       with the error envelope.</li>
 *   <li>{@code GET /api/admin/prompt-lab/iterations?function=&version=&cursor=&limit=}: newest first, keyset.</li>
 *   <li>{@code GET /api/admin/prompt-lab/iterations/{id}}.</li>
 *   <li>{@code GET /api/admin/prompt-lab/budgets}; {@code PUT /api/admin/prompt-lab/budgets/{scope}/{subject}}
 *       {@code {monthlyTokens}} (null removes it; ADMIN).</li>
 * </ul>
 */
public final class PromptLabRoutes implements RouteModule {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final long MAX_MONTHLY_TOKENS = 1_000_000_000_000L;
    /** Function names as the functions' routes allow them (checked there); here only a sane length and alphabet. */
    static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final String CURSOR_PREFIX = "i:";
    private static final ObjectMapper EVENTS = Json.newMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PromptLabRoutes.class);

    private final JsonBodies bodies;
    private final IterationRunner runner;
    private final IterationStore iterations;
    private final RndBudgets budgets;
    private final AuditLog audit;

    public PromptLabRoutes(JsonBodies bodies, IterationRunner runner, IterationStore iterations, RndBudgets budgets,
                           AuditLog audit) {
        this.bodies = bodies;
        this.runner = runner;
        this.iterations = iterations;
        this.budgets = budgets;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/admin/prompt-lab/iterations", Access.PROMPT_ENGINEER, this::run);
        routes.get("/api/admin/prompt-lab/iterations", Access.PROMPT_ENGINEER, this::list);
        routes.get("/api/admin/prompt-lab/iterations/{id}", Access.PROMPT_ENGINEER, this::get);
        routes.get("/api/admin/prompt-lab/budgets", Access.PROMPT_ENGINEER, this::listBudgets);
        routes.put("/api/admin/prompt-lab/budgets/{scope}/{subject}", Access.ADMIN, this::setBudget);
    }

    private void run(Context ctx) throws SQLException {
        IterationRequest request = bodies.read(ctx, IterationRequest.class);
        Validation v = new Validation();
        v.text("function", request.function(), 1, 100, FUNCTION_NAME,
                "must start with a letter or digit and hold only letters, digits, '_', '.' and '-'");
        v.require(request.version() >= 1, "version", "must be a version number (1 or more)");
        v.check();
        Principal engineer = Principals.require(ctx);
        String target = request.function() + "@" + request.version();
        boolean streaming = wantsEvents(ctx.header("Accept"));
        EventStream stream = streaming ? new EventStream(ctx) : null;
        IterationRunner.Outcome outcome;
        try {
            outcome = runner.run(engineer, request, null, stream == null ? null : stream::delta);
        } catch (SQLException | RuntimeException e) {
            if (stream != null && stream.started()) {
                stream.error(ApiError.of(ErrorCode.INTERNAL_ERROR, "The iteration could not be stored"));
                audit.record(Auditor.entry(ctx, engineer.tenantId(), "prompt.iteration.run", target,
                        AuditEntry.Outcome.FAILURE));
                // the answer is committed: the error event is the answer; the details go to the log
                LOG.error("A streamed iteration of {} failed after its stream began", target, e);
                return;
            }
            throw e;
        }
        if (outcome instanceof IterationRunner.Ran ran) {
            IterationView it = ran.iteration();
            audit.record(Auditor.entry(ctx, engineer.tenantId(), "prompt.iteration.run", target + " " + it.id() + " "
                    + it.status(), it.status().equals(LabIterationRunner.SUCCEEDED) ? AuditEntry.Outcome.SUCCESS
                    : AuditEntry.Outcome.FAILURE));
            if (stream != null) {
                stream.iteration(it);
            } else {
                ApiResponses.ok(ctx, 201, it);
            }
            return;
        }
        ApiError error;
        AuditEntry.Outcome audited = AuditEntry.Outcome.FAILURE;
        if (outcome instanceof IterationRunner.Invalid invalid) {
            error = invalid(invalid.problems());
        } else if (outcome instanceof IterationRunner.NotFound notFound) {
            error = ApiError.of(ErrorCode.NOT_FOUND, notFound.message());
        } else {
            error = ApiError.of(ErrorCode.RND_BUDGET_EXCEEDED, ((IterationRunner.BudgetExceeded) outcome).message());
            audited = AuditEntry.Outcome.DENIED;
        }
        audit.record(Auditor.entry(ctx, engineer.tenantId(), "prompt.iteration.run", target + " "
                + error.code().name(), audited));
        if (stream != null && stream.started()) {
            stream.error(error);
            return;
        }
        throw error;
    }

    /** A 400 with every problem: {@code details.problems} as found, {@code details.fields} by where they are. */
    static ApiError invalid(List<ParameterProblem> problems) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (ParameterProblem p : problems) {
            String field = p.parameter() == null ? "data" : p.parameter().startsWith("settings.") ? p.parameter()
                    : "data." + p.parameter();
            fields.merge(field, p.message(), (a, b) -> a + "; " + b);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fields", fields);
        details.put("problems", problems);
        return new ApiError(ErrorCode.VALIDATION_FAILED, "The data or settings do not fit " + "the version: "
                + problems.size() + (problems.size() == 1 ? " problem" : " problems"), 400, details);
    }

    private void list(Context ctx) throws SQLException {
        Validation v = new Validation();
        String function = ctx.queryParam("function");
        if (function != null) {
            v.text("function", function, 1, 100, FUNCTION_NAME, "is not a function name");
        }
        String versionText = ctx.queryParam("version");
        Optional<Integer> version = versionText == null ? Optional.empty()
                : Optional.of(v.optionalWhole("version", versionText, 1, 1, Integer.MAX_VALUE));
        Optional<IterationStore.Position> after = cursor(v, ctx.queryParam("cursor"));
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        List<IterationView> page = iterations.list(Optional.ofNullable(function), version, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            IterationView last = page.get(limit - 1);
            next = encodeCursor(new IterationStore.Position(last.createdAt(), last.id()));
        }
        ApiResponses.ok(ctx, new IterationList(List.copyOf(page), next));
    }

    private void get(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        if (!Validation.isUuid(id)) {
            throw ApiError.validation(Map.of("id", "must be a UUID"));
        }
        IterationView it = iterations.find(id.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "No such iteration"));
        ApiResponses.ok(ctx, it);
    }

    private void listBudgets(Context ctx) throws SQLException {
        ApiResponses.ok(ctx, new RndBudgetList(budgets.list()));
    }

    private void setBudget(Context ctx) throws SQLException {
        Validation v = new Validation();
        String scope = ctx.pathParam("scope");
        String subject = ctx.pathParam("subject");
        boolean engineer = RndBudgets.ENGINEER.equals(scope);
        v.require(engineer || RndBudgets.FUNCTION.equals(scope), "scope", "must be ENGINEER or FUNCTION");
        if (engineer) {
            v.uuid("subject", subject);
        } else {
            v.text("subject", subject, 1, 100, FUNCTION_NAME, "is not a function name");
        }
        v.check();
        if (engineer) {
            subject = subject.toLowerCase(Locale.ROOT);
        }
        BudgetWrite body = bodies.read(ctx, BudgetWrite.class);
        if (body.scope() != null && !body.scope().equals(scope)) {
            v.problem("scope", "must be the scope of the path, or left out");
        }
        if (body.subject() != null && !body.subject().equalsIgnoreCase(subject)) {
            v.problem("subject", "must be the subject of the path, or left out");
        }
        if (body.monthlyTokens() != null && (body.monthlyTokens() < 0 || body.monthlyTokens() > MAX_MONTHLY_TOKENS)) {
            v.problem("monthlyTokens", "must be between 0 and " + MAX_MONTHLY_TOKENS + ", or null to remove the budget");
        }
        v.check();
        Principal admin = Principals.require(ctx);
        RndBudget saved = budgets.set(scope, subject, Optional.ofNullable(body.monthlyTokens()), admin.subject());
        audit.record(Auditor.entry(ctx, admin.tenantId(), "prompt.budget.set", scope + "/" + subject + "="
                + (body.monthlyTokens() == null ? "none" : body.monthlyTokens()), AuditEntry.Outcome.SUCCESS));
        ApiResponses.ok(ctx, saved);
    }

    /**
     * The body of a budget's PUT: {@code monthlyTokens} (null removes it); {@code scope} and {@code subject} may
     * repeat the path's, {@code usedTokens} is ignored (the typed client sends an {@link RndBudget}).
     */
    record BudgetWrite(String scope, String subject, Long monthlyTokens, Long usedTokens) {
    }

    static boolean wantsEvents(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream");
    }

    static String encodeCursor(IterationStore.Position position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + position.createdAt() + "|"
                + position.id()).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor continues after; a cursor this server did not issue is a problem of {@code cursor}. */
    static Optional<IterationStore.Position> cursor(Validation v, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            if (text.length() <= 200) {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                if (decoded.startsWith(CURSOR_PREFIX) && bar > 0 && Validation.isUuid(decoded.substring(bar + 1))) {
                    return Optional.of(new IterationStore.Position(
                            Instant.parse(decoded.substring(CURSOR_PREFIX.length(), bar)), decoded.substring(bar + 1)));
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // the same answer as any other cursor we did not issue
        }
        v.problem("cursor", "is not a cursor this server issued; pass the nextCursor of the previous page");
        return Optional.empty();
    }

    /**
     * One iteration's server-sent events, written straight to the response and flushed per event. It starts (200,
     * {@code text/event-stream}) at the first event. A caller that went away is noticed on write: the run goes on
     * and is stored, nothing more is written.
     */
    private static final class EventStream {
        private final Context ctx;
        private OutputStream out;
        private boolean gone;

        EventStream(Context ctx) {
            this.ctx = ctx;
        }

        boolean started() {
            return out != null;
        }

        void delta(String text) {
            write("delta", Map.of("text", text));
        }

        void iteration(IterationView it) {
            write("iteration", it);
        }

        void error(ApiError error) {
            write("error", ErrorEnvelope.of(error.toBody(), RequestContextFilter.current(ctx).meta()));
        }

        private void write(String event, Object data) {
            if (gone) {
                return;
            }
            try {
                if (out == null) {
                    ctx.status(200);
                    ctx.res().setContentType("text/event-stream;charset=utf-8");
                    ctx.res().setHeader("Cache-Control", "no-cache");
                    ctx.res().setHeader("X-Accel-Buffering", "no");
                    out = ctx.res().getOutputStream();
                }
                out.write(("event: " + event + "\ndata: " + EVENTS.writeValueAsString(data) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                gone = true;
            }
        }
    }
}
