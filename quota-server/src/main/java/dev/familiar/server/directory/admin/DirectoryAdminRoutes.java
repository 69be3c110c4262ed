package dev.familiar.server.directory.admin;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.directory.AddMembersRequest;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryGroupList;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.model.directory.DirectoryUserList;
import dev.familiar.model.directory.GroupCreateRequest;
import dev.familiar.model.directory.GroupUpdateRequest;
import dev.familiar.model.directory.MemberAddResult;
import dev.familiar.model.directory.MemberAddStatus;
import dev.familiar.model.directory.MemberRemoved;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.Group;
import dev.familiar.server.directory.Page;
import dev.familiar.server.directory.Person;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The admin API of the directory (ADMIN, envelope family), the routes the console's Groups screen uses:
 * {@code GET/POST /api/admin/directory/groups}, {@code PATCH/DELETE /api/admin/directory/groups/{id}},
 * {@code GET/POST /api/admin/directory/groups/{id}/members},
 * {@code DELETE /api/admin/directory/groups/{id}/members/{memberId}} and {@code GET /api/admin/directory/users}.
 * Input is checked here (400 {@code VALIDATION_FAILED} naming the field); the directory's failures map as
 * {@link DirectoryException} says: NOT_FOUND 404, INVALID 400, CONFLICT 409, DENIED and UNAVAILABLE 502
 * {@code UPSTREAM_FAILED}, THROTTLED 503 {@code SERVICE_UNAVAILABLE} with {@code Retry-After}.
 */
public final class DirectoryAdminRoutes implements RouteModule {
    static final String BASE = "/api/admin/directory";
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = Directory.MAX_PAGE;
    static final int MAX_NAME = 256;
    static final int MAX_DESCRIPTION = 1_024;
    static final int MAX_GROUP_SEARCH = 256;
    static final int MAX_USER_SEARCH = 100;
    static final int MAX_CURSOR = 4_096;
    private static final String ID_RULE = "must be a directory id: 1-" + DirectoryIds.MAX_LENGTH
            + " letters, digits, '-' or '_'";

    private final JsonBodies bodies;
    private final DirectoryAdministration administration;
    private final String base;

    public DirectoryAdminRoutes(JsonBodies bodies, DirectoryAdministration administration) {
        this(bodies, administration, BASE);
    }

    /** The same routes under another base path: tests mount a second set beside the real one. */
    DirectoryAdminRoutes(JsonBodies bodies, DirectoryAdministration administration, String base) {
        this.bodies = bodies;
        this.administration = administration;
        this.base = base;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get(base + "/groups", Access.ADMIN, this::groups);
        routes.post(base + "/groups", Access.ADMIN, this::create);
        routes.patch(base + "/groups/{id}", Access.ADMIN, this::update);
        routes.delete(base + "/groups/{id}", Access.ADMIN, this::delete);
        routes.get(base + "/groups/{id}/members", Access.ADMIN, this::members);
        routes.post(base + "/groups/{id}/members", Access.ADMIN, this::addMembers);
        routes.delete(base + "/groups/{id}/members/{memberId}", Access.ADMIN, this::removeMember);
        routes.get(base + "/users", Access.ADMIN, this::users);
    }

    private void groups(Context ctx) {
        Validation v = new Validation();
        String search = ctx.queryParam("search");
        if (search != null) {
            v.require(search.length() <= MAX_GROUP_SEARCH, "search", "must be at most " + MAX_GROUP_SEARCH
                    + " characters long");
            v.require(noControl(search), "search", "must not contain control characters");
        }
        Optional<String> cursor = cursor(v, ctx.queryParam("cursor"));
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        Optional<String> words = Optional.ofNullable(search).map(String::strip).filter(s -> !s.isEmpty());
        answer(ctx, 200, administration.groups(words, cursor, limit),
                page -> new DirectoryGroupList(page.items().stream().map(DirectoryAdminRoutes::view).toList(),
                        page.nextCursor().orElse(null)));
    }

    private void create(Context ctx) {
        GroupCreateRequest body = bodies.read(ctx, GroupCreateRequest.class);
        Validation v = new Validation();
        String name = displayName(v, body.displayName());
        Optional<String> description = description(v, body.description()).filter(d -> !d.isEmpty());
        v.check();
        answer(ctx, 201, administration.create(caller(ctx), name, description), DirectoryAdminRoutes::view);
    }

    private void update(Context ctx) {
        String id = pathId(ctx, "id");
        GroupUpdateRequest body = bodies.read(ctx, GroupUpdateRequest.class);
        Validation v = new Validation();
        if (body.displayName() == null && body.description() == null) {
            v.problem("$", "must set displayName, description or both");
        }
        Optional<String> name = body.displayName() == null ? Optional.empty()
                : Optional.ofNullable(displayName(v, body.displayName()));
        Optional<String> description = description(v, body.description());
        v.check();
        answer(ctx, 200, administration.update(caller(ctx), id, name, description), DirectoryAdminRoutes::view);
    }

    private void delete(Context ctx) {
        String id = pathId(ctx, "id");
        answer(ctx, 200, administration.delete(caller(ctx), id), DirectoryAdminRoutes::view);
    }

    private void members(Context ctx) {
        String id = pathId(ctx, "id");
        Validation v = new Validation();
        Optional<String> cursor = cursor(v, ctx.queryParam("cursor"));
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        answer(ctx, 200, administration.members(id, cursor, limit), DirectoryAdminRoutes::people);
    }

    private void addMembers(Context ctx) {
        String id = pathId(ctx, "id");
        AddMembersRequest body = bodies.read(ctx, AddMembersRequest.class);
        int ids = body.userIds() == null ? 0 : body.userIds().size();
        int emails = body.emails() == null ? 0 : body.emails().size();
        Validation v = new Validation();
        v.require(ids + emails > 0, "$", "must name at least one person in userIds or emails");
        v.require(ids + emails <= DirectoryAdministration.MAX_ENTRIES, "$", "must name at most "
                + DirectoryAdministration.MAX_ENTRIES + " people in userIds and emails together (" + (ids + emails)
                + " given); send the rest in another request");
        v.check();
        answer(ctx, 200, administration.addMembers(caller(ctx), id, body.userIds(), body.emails()),
                report -> new AddMembersResult(report.results().stream().map(r -> new MemberAddResult(r.input(),
                        r.userId(), MemberAddStatus.valueOf(r.status().name()), r.message())).toList(),
                        report.added(), report.alreadyMembers(), report.failed()));
    }

    private void removeMember(Context ctx) {
        String id = pathId(ctx, "id");
        String memberId = pathId(ctx, "memberId");
        answer(ctx, 200, administration.removeMember(caller(ctx), id, memberId), m -> new MemberRemoved(id, m));
    }

    private void users(Context ctx) {
        Validation v = new Validation();
        String search = ctx.queryParam("search");
        if (search == null || search.isBlank()) {
            v.problem("search", "is required: the start of a name or an e-mail address");
        } else {
            v.require(search.length() <= MAX_USER_SEARCH, "search", "must be 1-" + MAX_USER_SEARCH
                    + " characters long");
            v.require(noControl(search), "search", "must not contain control characters");
        }
        v.check();
        answer(ctx, 200, administration.searchUsers(search.strip()),
                people -> new DirectoryUserList(people.stream().map(DirectoryAdminRoutes::view).toList(), null));
    }

    /** Writes a success with {@code status}, or throws the failure's error. */
    private static <T> void answer(Context ctx, int status, DirectoryAdministration.Outcome<T> outcome,
                                   Function<T, Object> view) {
        if (outcome instanceof DirectoryAdministration.Done<T> done) {
            ApiResponses.ok(ctx, status, view.apply(done.value()));
        } else if (outcome instanceof DirectoryAdministration.Failed<T> failed) {
            throw error(failed);
        }
    }

    /** The HTTP error of a directory failure, as {@link DirectoryException} maps its kinds. */
    static ApiError error(DirectoryAdministration.Failed<?> failed) {
        String message = failed.message();
        return switch (failed.kind()) {
            case NOT_FOUND -> ApiError.of(ErrorCode.NOT_FOUND, message);
            case INVALID -> new ApiError(ErrorCode.VALIDATION_FAILED, message, 400,
                    Map.of("fields", Map.of(failed.field().orElse("$"), message)));
            case CONFLICT -> ApiError.of(ErrorCode.CONFLICT, message);
            case DENIED, UNAVAILABLE -> ApiError.of(ErrorCode.UPSTREAM_FAILED, message);
            case THROTTLED -> {
                long millis = failed.retryAfter().orElse(DirectoryAdministration.DEFAULT_RETRY_AFTER).toMillis();
                long seconds = Math.max(1, (millis + 999) / 1_000);
                yield new ApiError(ErrorCode.SERVICE_UNAVAILABLE, message, 503,
                        Map.of(ApiResponses.RETRY_AFTER_DETAIL, seconds));
            }
        };
    }

    private static DirectoryAdministration.Caller caller(Context ctx) {
        AuditEntry stamp = Auditor.entry(ctx, null, "", "", AuditEntry.Outcome.SUCCESS);
        return new DirectoryAdministration.Caller(Principals.require(ctx).subject(), stamp.requestId(),
                stamp.clientAddress());
    }

    private static String pathId(Context ctx, String name) {
        String id = ctx.pathParam(name);
        if (!DirectoryIds.isValid(id)) {
            throw ApiError.validation(Map.of(name, ID_RULE));
        }
        return id;
    }

    /** A display name: one line of 1-256 characters, without the spaces around it. */
    private static String displayName(Validation v, String text) {
        if (text == null || text.isBlank()) {
            v.problem("displayName", "is required");
            return null;
        }
        String name = text.strip();
        v.require(name.length() <= MAX_NAME, "displayName", "must be 1-" + MAX_NAME + " characters long");
        v.require(noControl(name), "displayName", "must be one line, without tabs or control characters");
        return name;
    }

    /** An optional description of at most 1,024 characters (empty: none, or cleared). */
    private static Optional<String> description(Validation v, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String description = text.strip();
        v.require(description.length() <= MAX_DESCRIPTION, "description", "must be at most " + MAX_DESCRIPTION
                + " characters long");
        return Optional.of(description);
    }

    /** A cursor is passed back to the directory that made it, which refuses one it did not; here only its form. */
    private static Optional<String> cursor(Validation v, String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.isEmpty() || text.length() > MAX_CURSOR || !noControl(text)) {
            v.problem("cursor", "is not a cursor this server issued; pass the nextCursor of the previous page");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private static boolean noControl(String text) {
        return text.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7F);
    }

    static DirectoryGroup view(Group group) {
        return new DirectoryGroup(group.id(), group.displayName(), group.description().orElse(null),
                group.memberCount().orElse(null));
    }

    static DirectoryUser view(Person person) {
        return new DirectoryUser(person.id(), person.displayName(), person.email().orElse(null));
    }

    private static DirectoryUserList people(Page<Person> page) {
        return new DirectoryUserList(page.items().stream().map(DirectoryAdminRoutes::view).toList(),
                page.nextCursor().orElse(null));
    }
}
