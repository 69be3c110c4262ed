package dev.familiar.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.RouteTables;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document names exactly the routes the server registers. */
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteExists() {
        JsonNode document = HttpCalls.get(server.baseUrl() + "/openapi.json").json();

        Set<String> documented = new TreeSet<>();
        Iterator<String> paths = document.path("paths").fieldNames();
        paths.forEachRemaining(path -> document.path("paths").path(path).fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }));
        Set<String> registered = new TreeSet<>();
        RouteTables.of(server).routes().forEach(r -> registered.add(r.method().name() + " " + r.path()));

        assertThat(documented).as("routes in /openapi.json").isEqualTo(registered);
    }

    @Test
    void everyOperationStatesTheAccessItsRouteEnforces() {
        JsonNode document = HttpCalls.get(server.baseUrl() + "/openapi.json").json();

        RouteTables.of(server).routes().forEach(route -> {
            JsonNode operation = document.path("paths").path(route.path()).path(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(operation.path("x-familiar-access").asText())
                    .as("x-familiar-access of %s %s", route.method(), route.path())
                    .isEqualTo(route.access().openApiName());
        });
    }

    @Test
    void theDocumentIsOpenApi31AndEveryOperationDocumentsItsResponses() {
        JsonNode document = HttpCalls.get(server.baseUrl() + "/openapi.json").json();

        assertThat(document.path("openapi").asText()).startsWith("3.1");
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                assertThat(op.getValue().path("responses").size())
                        .as("responses of %s %s", op.getKey(), path.getKey()).isPositive();
                assertThat(op.getValue().path("operationId").asText())
                        .as("operationId of %s %s", op.getKey(), path.getKey()).isNotBlank();
            }
        }));
    }

    @Test
    void everyLocalReferenceResolves() {
        JsonNode document = HttpCalls.get(server.baseUrl() + "/openapi.json").json();
        Set<String> refs = new TreeSet<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(document.at(ref.substring(1)).isMissingNode()).as("target of %s", ref).isFalse();
        }
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ("$ref".equals(e.getKey())) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
