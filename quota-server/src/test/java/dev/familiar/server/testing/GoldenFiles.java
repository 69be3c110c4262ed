package dev.familiar.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Snapshot tests of response shapes. A golden file holds the expected JSON with volatile values (ids,
 * times, versions) replaced by {@code "<masked>"}. A missing golden file is written and the test fails, so
 * a new contract is reviewed before it is committed; {@code -Dgolden.update=true} rewrites them all.
 */
public final class GoldenFiles {
    public static final Set<String> VOLATILE = Set.of("requestId", "correlationId", "version", "timestamp",
            "createdAt", "updatedAt", "expiresAt", "id", "orgId", "userId");
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private GoldenFiles() {
    }

    public static void assertMatches(String name, int status, String body) {
        String actual = render(status, body);
        Path file = DIR.resolve(name + ".json");
        try {
            if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
                Files.createDirectories(DIR);
                boolean existed = Files.exists(file);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                if (!existed) {
                    fail("Golden file " + file + " did not exist; it has been written. Review it and run again.");
                }
                return;
            }
            assertThat(actual).as("response shape of %s (golden file %s)", name, file)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String render(int status, String body) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            mask(tree);
            ObjectNode root = MAPPER.createObjectNode();
            root.put("status", status);
            root.set("body", sorted(tree));
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("Body is not JSON: " + body, e);
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                if (VOLATILE.contains(name) && child.isValueNode() && !child.isNull()) {
                    object.put(name, "<masked>");
                } else {
                    mask(child);
                }
            }
        } else if (node.isArray()) {
            node.forEach(GoldenFiles::mask);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = MAPPER.createObjectNode();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = object.fields();
            it.forEachRemaining(entries::add);
            entries.sort(Map.Entry.comparingByKey());
            entries.forEach(e -> out.set(e.getKey(), sorted(e.getValue())));
            return out;
        }
        return node;
    }
}
