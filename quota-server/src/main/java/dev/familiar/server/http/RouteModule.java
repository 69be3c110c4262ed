package dev.familiar.server.http;

/** A feature's routes. Each feature package has one; {@link ServerRoutes} lists them all. */
@FunctionalInterface
public interface RouteModule {
    void register(RouteTable routes);
}
