package dev.familiar.server.prompt.functions;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.DeploymentList;
import dev.familiar.model.prompt.DeploymentRequest;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionCreate;
import dev.familiar.model.prompt.PromptFunctionList;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.RollbackRequest;
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
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The admin API of prompt functions ({@code /api/admin/prompt-functions…}, {@code /api/admin/prompt-deployments},
 * {@code /api/admin/prompt-lab/status}); ADMIN or PROMPT_ENGINEER, approving and rolling back as
 * {@link Deployments} says. Every write is audited.
 */
public final class PromptFunctionRoutes implements RouteModule {
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    static final int MAX_TEMPLATE = 100_000;
    static final int MAX_SYSTEM = 100_000;
    static final int MAX_PARAMETERS = 100;
    static final int MAX_VERSIONS_IMPORTED = 1_000;
    static final int MAX_DESCRIPTION = 2_000;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    private static final String CURSOR_PREFIX = "f:";

    private final JsonBodies bodies;
    private final PromptFunctions functions;
    private final PromptFunctionStore store;
    private final Deployments deployments;
    private final Supplier<List<LabStatus.ProviderInfo>> providers;
    private final AuditLog audit;

    /** @param providers the providers the lab can call, for the status answer */
    public PromptFunctionRoutes(JsonBodies bodies, PromptFunctions functions, PromptFunctionStore store,
                                Deployments deployments, Supplier<List<LabStatus.ProviderInfo>> providers,
                                AuditLog audit) {
        this.bodies = bodies;
        this.functions = functions;
        this.store = store;
        this.deployments = deployments;
        this.providers = providers;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        String base = "/api/admin/prompt-functions";
        routes.post(base, Access.PROMPT_ENGINEER, this::create);
        routes.get(base, Access.PROMPT_ENGINEER, this::list);
        routes.post(base + "/import", Access.PROMPT_ENGINEER, this::importHistory);
        routes.get(base + "/{name}", Access.PROMPT_ENGINEER, this::get);
        routes.post(base + "/{name}/versions", Access.PROMPT_ENGINEER, this::createVersion);
        routes.get(base + "/{name}/versions", Access.PROMPT_ENGINEER, this::versions);
        routes.get(base + "/{name}/versions/{version}", Access.PROMPT_ENGINEER, this::version);
        routes.get(base + "/{name}/versions/{version}/classification", Access.PROMPT_ENGINEER, this::classify);
        routes.post(base + "/{name}/deployments", Access.PROMPT_ENGINEER, this::deploy);
        routes.get(base + "/{name}/deployments", Access.PROMPT_ENGINEER, this::deploymentsOf);
        routes.post(base + "/{name}/deployments/{id}/approve", Access.PROMPT_ENGINEER, ctx -> decide(ctx, true));
        routes.post(base + "/{name}/deployments/{id}/reject", Access.PROMPT_ENGINEER, ctx -> decide(ctx, false));
        routes.post(base + "/{name}/rollback", Access.PROMPT_ENGINEER, this::rollback);
        routes.get(base + "/{name}/export", Access.PROMPT_ENGINEER, this::export);
        routes.get("/api/admin/prompt-deployments", Access.PROMPT_ENGINEER, this::deploymentsIn);
        routes.get("/api/admin/prompt-lab/status", Access.PROMPT_ENGINEER, ctx -> ApiResponses.ok(ctx,
                new LabStatus(providers.get(), deployments.settings().approvalRequired(),
                        deployments.settings().approverRoleNames())));
    }

    private void create(Context ctx) throws SQLException {
        PromptFunctionCreate body = bodies.read(ctx, PromptFunctionCreate.class);
        Validation v = new Validation();
        name(v, "name", body.name());
        description(v, body.description());
        v.check();
        PromptFunctions.Outcome<PromptFunctionView> outcome = functions.create(body.name(), body.description(),
                caller(ctx).subject());
        audit(ctx, "prompt.function.create", body.name(), outcome instanceof PromptFunctions.Done<?>);
        ApiResponses.ok(ctx, 201, done(outcome));
    }

    private void list(Context ctx) throws SQLException {
        Validation v = new Validation();
        String search = ctx.queryParam("search");
        if (search != null) {
            v.text("search", search, 1, 64, Pattern.compile("[a-z0-9_.-]{1,64}"),
                    "must be the start of a function name: lower-case letters, digits, _ . -");
        }
        Optional<String> after = cursor(v, ctx.queryParam("cursor"));
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        List<PromptFunctionStore.FunctionRow> page = store.page(Optional.ofNullable(search), after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = encodeCursor(page.get(limit - 1).name());
        }
        ApiResponses.ok(ctx, new PromptFunctionList(store.views(page), next));
    }

    private void get(Context ctx) throws SQLException {
        String name = pathName(ctx);
        ApiResponses.ok(ctx, functions.view(name).orElseThrow(() -> noFunction(name)));
    }

    private void createVersion(Context ctx) throws SQLException {
        String name = pathName(ctx);
        PromptVersionCreate body = bodies.read(ctx, PromptVersionCreate.class);
        Validation v = new Validation();
        checkVersion(v, "", body.template(), body.parameters(), body.settings());
        v.check();
        PromptFunctions.Outcome<PromptVersionView> outcome = functions.createVersion(name, body.template(),
                body.parameters(), body.settings(), caller(ctx).subject());
        if (outcome instanceof PromptFunctions.Invalid<PromptVersionView> invalid) {
            throw PromptProblems.of(invalid.message(), invalid.problems(), declared(body.parameters()), true);
        }
        PromptVersionView created = done(outcome);
        audit(ctx, "prompt.version.create", name + "@" + created.version() + " " + created.changeClass(), true);
        ApiResponses.ok(ctx, 201, created);
    }

    private void versions(Context ctx) throws SQLException {
        String name = pathName(ctx);
        List<PromptVersionView> all = store.versions(name);
        if (all.isEmpty() && store.function(name).isEmpty()) {
            throw noFunction(name);
        }
        ApiResponses.ok(ctx, all);
    }

    private void version(Context ctx) throws SQLException {
        String name = pathName(ctx);
        int number = pathVersion(ctx);
        ApiResponses.ok(ctx, store.find(name, number).orElseThrow(() ->
                ApiError.of(ErrorCode.NOT_FOUND, "No version " + number + " of " + name)));
    }

    private void classify(Context ctx) throws SQLException {
        String name = pathName(ctx);
        Validation v = new Validation();
        int number = wholeFromPath(v, ctx.pathParam("version"));
        String againstText = ctx.queryParam("against");
        String majorText = ctx.queryParam("major");
        Integer against = againstText == null ? null : v.optionalWhole("against", againstText, 0, 1, 1_000_000_000);
        Integer major = majorText == null ? null : v.optionalWhole("major", majorText, 0, 1, 1_000_000_000);
        v.require(against == null || major == null, "against", "give against or major, not both");
        v.require(against != null || major != null || number > 1, "against",
                "is required for version 1 (or give major): there is no version before it");
        v.check();
        PromptFunctions.Outcome<ClassificationView> outcome = functions.classify(name, number, against, major);
        ApiResponses.ok(ctx, done(outcome));
    }

    private void deploy(Context ctx) throws SQLException {
        String name = pathName(ctx);
        DeploymentRequest body = bodies.read(ctx, DeploymentRequest.class);
        Validation v = new Validation();
        v.require(body.version() >= 1, "version", "must be a version number, 1 or more");
        v.require(body.major() >= 1, "major", "must be a major number, 1 or more");
        v.check();
        Deployments.Outcome outcome = deployments.request(name, body.version(), body.major(), caller(ctx));
        String target = name + "@" + body.version() + " as major " + body.major();
        answer(ctx, 201, "prompt.deployment.request", target, outcome);
    }

    private void decide(Context ctx, boolean approve) throws SQLException {
        String name = pathName(ctx);
        String id = ctx.pathParam("id");
        if (!Validation.isUuid(id)) {
            throw ApiError.validation(Map.of("id", "must be a deployment id (a UUID)"));
        }
        id = id.toLowerCase(java.util.Locale.ROOT);
        Deployments.Outcome outcome = approve ? deployments.approve(name, id, caller(ctx))
                : deployments.reject(name, id, caller(ctx));
        answer(ctx, 200, approve ? "prompt.deployment.approve" : "prompt.deployment.reject", name + " " + id, outcome);
    }

    private void rollback(Context ctx) throws SQLException {
        String name = pathName(ctx);
        RollbackRequest body = bodies.read(ctx, RollbackRequest.class);
        Validation v = new Validation();
        v.require(body.major() >= 1, "major", "must be a major number, 1 or more");
        v.check();
        answer(ctx, 200, "prompt.deployment.rollback", name + " major " + body.major(),
                deployments.rollback(name, body.major(), caller(ctx)));
    }

    private void deploymentsOf(Context ctx) throws SQLException {
        String name = pathName(ctx);
        if (store.function(name).isEmpty()) {
            throw noFunction(name);
        }
        ApiResponses.ok(ctx, new DeploymentList(store.deployments(name).stream()
                .map(PromptFunctionStore.DeploymentRow::view).toList()));
    }

    private void deploymentsIn(Context ctx) throws SQLException {
        String status = ctx.queryParam("status");
        Validation v = new Validation();
        v.require(status != null && Deployments.STATUSES.contains(status), "status",
                "must be one of " + String.join(", ", Deployments.STATUSES));
        v.check();
        ApiResponses.ok(ctx, new DeploymentList(store.deploymentsIn(status).stream()
                .map(PromptFunctionStore.DeploymentRow::view).toList()));
    }

    private void export(Context ctx) throws SQLException {
        String name = pathName(ctx);
        FunctionHistory history = functions.export(name).orElseThrow(() -> noFunction(name));
        audit(ctx, "prompt.function.export", name, true);
        ApiResponses.ok(ctx, history);
    }

    private void importHistory(Context ctx) throws SQLException {
        FunctionHistory body = bodies.read(ctx, FunctionHistory.class);
        Validation v = new Validation();
        name(v, "name", body.name());
        description(v, body.description());
        if (body.versions() == null || body.versions().isEmpty()) {
            v.problem("versions", "must hold at least one version");
        } else if (body.versions().size() > MAX_VERSIONS_IMPORTED) {
            v.problem("versions", "may hold at most " + MAX_VERSIONS_IMPORTED + " versions");
        } else {
            Set<Integer> numbers = new HashSet<>();
            for (int i = 0; i < body.versions().size(); i++) {
                PromptVersionView version = body.versions().get(i);
                String at = "versions[" + i + "]";
                if (version == null) {
                    v.problem(at, "is required");
                    continue;
                }
                v.require(version.version() >= 1, at + ".version", "must be a version number, 1 or more");
                v.require(numbers.add(version.version()), at + ".version", "names a version twice");
                v.require(version.function() == null || version.function().equals(body.name()), at + ".function",
                        "must be the history's name or be left out");
                checkVersion(v, at + ".", version.template(), version.parameters(), version.settings());
            }
        }
        v.check();
        PromptFunctions.Outcome<ImportResult> outcome = functions.importHistory(body, caller(ctx).subject());
        if (outcome instanceof PromptFunctions.Invalid<ImportResult> invalid) {
            Set<String> declared = new HashSet<>();
            body.versions().forEach(version -> declared.addAll(declared(version.parameters())));
            throw PromptProblems.of(invalid.message(), invalid.problems(), declared, false);
        }
        audit(ctx, "prompt.function.import", body.name(), outcome instanceof PromptFunctions.Done<?>);
        ImportResult result = done(outcome);
        ApiResponses.ok(ctx, result);
    }

    // --- answers -------------------------------------------------------------------------------------------------

    private void answer(Context ctx, int status, String action, String target, Deployments.Outcome outcome) {
        AuditEntry.Outcome audited = outcome instanceof Deployments.Done ? AuditEntry.Outcome.SUCCESS
                : outcome instanceof Deployments.Forbidden ? AuditEntry.Outcome.DENIED : AuditEntry.Outcome.FAILURE;
        String detail = outcome instanceof Deployments.Done done ? " -> " + done.deployment().status()
                + " (" + done.deployment().id() + ")" : "";
        audit.record(Auditor.entry(ctx, null, action, target + detail, audited));
        if (outcome instanceof Deployments.Done done) {
            ApiResponses.ok(ctx, status, done.deployment().view());
        } else if (outcome instanceof Deployments.NotFound nf) {
            throw ApiError.of(ErrorCode.NOT_FOUND, nf.message());
        } else if (outcome instanceof Deployments.Invalid invalid) {
            throw ApiError.validation(Map.of(invalid.field(), invalid.message()));
        } else if (outcome instanceof Deployments.Breaking breaking) {
            throw new ApiError(ErrorCode.BREAKING_CHANGE, breaking.message(), 409,
                    Map.of("breaking", breaking.breaking()));
        } else if (outcome instanceof Deployments.Conflict conflict) {
            throw ApiError.of(ErrorCode.CONFLICT, conflict.message());
        } else if (outcome instanceof Deployments.Forbidden forbidden) {
            throw ApiError.of(ErrorCode.FORBIDDEN, forbidden.message());
        }
    }

    private static <T> T done(PromptFunctions.Outcome<T> outcome) {
        if (outcome instanceof PromptFunctions.Done<T> done) {
            return done.value();
        }
        if (outcome instanceof PromptFunctions.NotFound<T> nf) {
            throw ApiError.of(ErrorCode.NOT_FOUND, nf.message());
        }
        if (outcome instanceof PromptFunctions.Conflict<T> conflict) {
            throw ApiError.of(ErrorCode.CONFLICT, conflict.message());
        }
        PromptFunctions.Invalid<T> invalid = (PromptFunctions.Invalid<T>) outcome;
        throw PromptProblems.of(invalid.message(), invalid.problems(), Set.of(), false);
    }

    private void audit(Context ctx, String action, String target, boolean success) {
        audit.record(Auditor.entry(ctx, null, action, target,
                success ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILURE));
    }

    // --- input ---------------------------------------------------------------------------------------------------

    /** The shape of a version (its contract is checked by {@link Contracts#problems}); {@code at} prefixes fields. */
    static void checkVersion(Validation v, String at, String template, List<PromptParameter> parameters,
                             PromptSettings settings) {
        if (template == null) {
            v.problem(at + "template", "is required");
        } else if (template.length() > MAX_TEMPLATE) {
            v.problem(at + "template", "must be at most " + MAX_TEMPLATE + " characters");
        }
        if (parameters == null) {
            v.problem(at + "parameters", "is required (an empty list for a function without parameters)");
        } else if (parameters.size() > MAX_PARAMETERS) {
            v.problem(at + "parameters", "may hold at most " + MAX_PARAMETERS + " parameters");
        } else {
            for (int i = 0; i < parameters.size(); i++) {
                PromptParameter p = parameters.get(i);
                if (p == null) {
                    v.problem(at + "parameters[" + i + "]", "is required");
                } else {
                    v.require(p.name() != null, at + "parameters[" + i + "].name", "is required");
                    v.require(p.type() != null, at + "parameters[" + i + "].type",
                            "is required: string, integer, number, boolean, enum, list or object");
                }
            }
        }
        if (settings != null) {
            String s = at + "settings.";
            if (settings.provider() != null) {
                v.require(PROVIDER.matcher(settings.provider()).matches(), s + "provider",
                        "must be a provider name such as openai (lower-case letters, digits, _ and -)");
            }
            if (settings.model() != null) {
                v.require(!settings.model().isBlank() && settings.model().length() <= 200
                        && settings.model().chars().noneMatch(ch -> ch < 0x20), s + "model",
                        "must be a model name of 1-200 characters");
            }
            if (settings.temperature() != null) {
                v.require(settings.temperature() >= 0 && settings.temperature() <= 2, s + "temperature",
                        "must be between 0 and 2");
            }
            if (settings.maxTokens() != null) {
                v.require(settings.maxTokens() >= 1 && settings.maxTokens() <= 100_000, s + "maxTokens",
                        "must be between 1 and 100000");
            }
            if (settings.system() != null) {
                v.require(settings.system().length() <= MAX_SYSTEM, s + "system",
                        "must be at most " + MAX_SYSTEM + " characters");
            }
            if (settings.responseFormat() != null) {
                v.require(List.of("text", "json_object").contains(settings.responseFormat()), s + "responseFormat",
                        "must be text or json_object");
            }
        }
    }

    private static Set<String> declared(List<PromptParameter> parameters) {
        Set<String> names = new HashSet<>();
        if (parameters != null) {
            parameters.stream().filter(p -> p != null && p.name() != null).forEach(p -> names.add(p.name()));
        }
        return names;
    }

    private static void name(Validation v, String field, String name) {
        v.text(field, name, 1, 64, NAME,
                "must start with a lower-case letter, then lower-case letters, digits, _ . or - (at most 64)");
    }

    private static void description(Validation v, String description) {
        if (description != null) {
            v.require(description.length() <= MAX_DESCRIPTION, "description",
                    "must be at most " + MAX_DESCRIPTION + " characters");
        }
    }

    private static String pathName(Context ctx) {
        String name = ctx.pathParam("name");
        Validation v = new Validation();
        name(v, "name", name);
        v.check();
        return name;
    }

    private static int pathVersion(Context ctx) {
        Validation v = new Validation();
        int number = wholeFromPath(v, ctx.pathParam("version"));
        v.check();
        return number;
    }

    private static int wholeFromPath(Validation v, String text) {
        return v.optionalWhole("version", text == null ? "" : text, 0, 1, 1_000_000_000);
    }

    private static Principal caller(Context ctx) {
        return Principals.require(ctx);
    }

    private static ApiError noFunction(String name) {
        return ApiError.of(ErrorCode.NOT_FOUND, "No prompt function " + name);
    }

    static String encodeCursor(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + name)
                .getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> cursor(Validation v, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            if (text.length() <= 200) {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                if (decoded.startsWith(CURSOR_PREFIX) && NAME.matcher(decoded.substring(CURSOR_PREFIX.length())).matches()) {
                    return Optional.of(decoded.substring(CURSOR_PREFIX.length()));
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64: the same answer as any other cursor we did not issue
        }
        v.problem("cursor", "is not a cursor this server issued; pass the nextCursor of the previous page");
        return Optional.empty();
    }
}
