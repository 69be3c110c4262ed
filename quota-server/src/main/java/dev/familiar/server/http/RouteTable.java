package dev.familiar.server.http;

import dev.familiar.server.auth.Access;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Every route the server answers, collected before the HTTP server is built. Tests compare this table
 * with {@code /openapi.json}, so a route cannot exist without being documented (or the reverse).
 * Not thread-safe: filled once at start-up.
 */
public final class RouteTable {
    /**
     * One route: an HTTP method, a Javalin path template ({@code /api/things/{id}}), what it demands of the caller,
     * and its handler.
     */
    public record Route(HandlerType method, String path, Access access, Handler handler) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(handler, "handler");
        }
    }

    private final List<Route> routes = new ArrayList<>();

    public RouteTable get(String path, Access access, Handler handler) {
        return add(HandlerType.GET, path, access, handler);
    }

    public RouteTable post(String path, Access access, Handler handler) {
        return add(HandlerType.POST, path, access, handler);
    }

    public RouteTable put(String path, Access access, Handler handler) {
        return add(HandlerType.PUT, path, access, handler);
    }

    public RouteTable patch(String path, Access access, Handler handler) {
        return add(HandlerType.PATCH, path, access, handler);
    }

    public RouteTable delete(String path, Access access, Handler handler) {
        return add(HandlerType.DELETE, path, access, handler);
    }

    private RouteTable add(HandlerType method, String path, Access access, Handler handler) {
        for (Route r : routes) {
            if (r.method() == method && r.path().equals(path)) {
                throw new IllegalStateException("Route registered twice: " + method + " " + path);
            }
        }
        routes.add(new Route(method, path, access, handler));
        return this;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }
}
