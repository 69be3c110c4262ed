package dev.familiar.server.http;

import java.util.List;

/** Fills a {@link RouteTable} from the feature modules, in order. */
public final class ServerRoutes {
    private ServerRoutes() {
    }

    public static RouteTable table(List<RouteModule> modules) {
        RouteTable table = new RouteTable();
        modules.forEach(m -> m.register(table));
        return table;
    }
}
