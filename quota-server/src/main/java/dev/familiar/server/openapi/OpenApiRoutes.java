package dev.familiar.server.openapi;

import dev.familiar.server.auth.Access;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document kept in the repository
 * ({@code src/main/resources/openapi/openapi.json}); a test keeps it equal to the route table.
 */
public final class OpenApiRoutes implements RouteModule {
    public static final String RESOURCE = "/openapi/openapi.json";
    private final byte[] document = load();

    @Override
    public void register(RouteTable routes) {
        routes.get("/openapi.json", Access.PUBLIC, ctx -> ctx.contentType("application/json").result(document));
    }

    public static byte[] load() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
