package dev.familiar.model.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code GET /api/v1/functions}: each active function major with its parameters as a JSON Schema. */
public record FunctionCatalog(List<Entry> functions) {
    public record Entry(String name, int major, int version, String description, ObjectNode parameters) {
    }
}
