package dev.familiar.server.activation;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.ActivateRequest;
import dev.familiar.model.auth.ActivationCodeRequest;
import dev.familiar.model.auth.RefreshRequest;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.users.UserStore;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** UC-17 routes (envelope family): admin minting of activation codes, activation, refresh rotation. */
public final class ActivationRoutes implements RouteModule {
    /** A DNS host name (RFC 1123 labels), e.g. {@code plugin.example.com} or {@code localhost}. */
    static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final JsonBodies bodies;
    private final ActivationService activation;
    private final UserStore users;

    public ActivationRoutes(JsonBodies bodies, ActivationService activation, UserStore users) {
        this.bodies = bodies;
        this.activation = activation;
        this.users = users;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/admin/activation-codes", Access.ADMIN, this::mint);
        routes.post("/api/tokens/activate", Access.PUBLIC, this::activate);
        routes.post("/api/tokens/refresh", Access.PUBLIC, this::refresh);
    }

    private void mint(Context ctx) throws Exception {
        ActivationCodeRequest request = bodies.read(ctx, ActivationCodeRequest.class);
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        v.text("domain", request.domain(), 1, 253, DOMAIN, "must be a host name such as plugin.example.com");
        v.check();
        if (!users.tenantExists(request.orgId())) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No such organisation");
        }
        ApiResponses.ok(ctx, 201, activation.mint(request.orgId(), request.domain().toLowerCase(Locale.ROOT), caller(ctx)));
    }

    private void activate(Context ctx) throws Exception {
        ActivateRequest request = bodies.read(ctx, ActivateRequest.class);
        Validation v = new Validation();
        v.text("activationCode", request.activationCode(), 1, 100, null, null);
        v.check();
        ApiResponses.ok(ctx, activation.activate(request.activationCode().trim(), caller(ctx)));
    }

    private void refresh(Context ctx) throws Exception {
        RefreshRequest request = bodies.read(ctx, RefreshRequest.class);
        Validation v = new Validation();
        v.text("refreshToken", request.refreshToken(), 1, 100, null, null);
        if (request.domain() != null) {
            v.text("domain", request.domain(), 1, 253, DOMAIN, "must be a host name such as plugin.example.com");
        }
        v.check();
        Optional<String> origin = originHost(ctx.header("Origin"));
        Optional<String> domain = Optional.ofNullable(request.domain());
        if (origin.isPresent() && domain.isPresent() && !origin.get().equalsIgnoreCase(domain.get())) {
            throw ApiError.of(ErrorCode.UNAUTHENTICATED, "The refresh token is not valid for this domain");
        }
        ApiResponses.ok(ctx, activation.refresh(request.refreshToken().trim(), domain.or(() -> origin), caller(ctx)));
    }

    private static ActivationService.Caller caller(Context ctx) {
        String actor = Principals.current(ctx).map(p -> p.subject()).orElse("client-plugin");
        return new ActivationService.Caller(actor, RequestContextFilter.current(ctx).requestId(), ctx.ip());
    }

    /** The host of an {@code Origin} header ({@code https://plugin.example.com:443} → {@code plugin.example.com}). */
    static Optional<String> originHost(String origin) {
        if (origin == null || origin.isBlank() || "null".equals(origin)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(URI.create(origin.trim()).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.of("invalid-origin");
        }
    }
}
