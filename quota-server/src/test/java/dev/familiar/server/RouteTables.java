package dev.familiar.server;

import dev.familiar.server.http.RouteTable;

/** Test access to the route table a running server was built from. */
public final class RouteTables {
    private RouteTables() {
    }

    public static RouteTable of(FamiliarServer server) {
        return server.routes();
    }
}
