package dev.familiar.server.auth;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import io.javalin.http.Context;
import java.util.Optional;

/** The principal {@link RouteGuard} attached to a request. */
public final class Principals {
    static final String ATTRIBUTE = "familiar.principal";

    private Principals() {
    }

    /** The caller of a route that is not public. */
    public static Principal require(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw ApiError.of(ErrorCode.UNAUTHENTICATED, "Authentication required");
        }
        return principal;
    }

    public static Optional<Principal> current(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }
}
