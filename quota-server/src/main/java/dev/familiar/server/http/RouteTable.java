package dev.familiar.server.http;

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
    /** One route: an HTTP method, a Javalin path template ({@code /api/things/{id}}) and its handler. */
    public record Route(HandlerType method, String path, Handler handler) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(handler, "handler");
        }
    }

    private final List<Route> routes = new ArrayList<>();

    public RouteTable get(String path, Handler handler) {
        return add(HandlerType.GET, path, handler);
    }

    public RouteTable post(String path, Handler handler) {
        return add(HandlerType.POST, path, handler);
    }

    public RouteTable put(String path, Handler handler) {
        return add(HandlerType.PUT, path, handler);
    }

    public RouteTable patch(String path, Handler handler) {
        return add(HandlerType.PATCH, path, handler);
    }

    public RouteTable delete(String path, Handler handler) {
        return add(HandlerType.DELETE, path, handler);
    }

    private RouteTable add(HandlerType method, String path, Handler handler) {
        for (Route r : routes) {
            if (r.method() == method && r.path().equals(path)) {
                throw new IllegalStateException("Route registered twice: " + method + " " + path);
            }
        }
        routes.add(new Route(method, path, handler));
        return this;
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }
}
