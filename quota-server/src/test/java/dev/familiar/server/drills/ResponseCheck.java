package dev.familiar.server.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.familiar.server.drills.FuzzRequest.Intent;
import dev.familiar.server.drills.FuzzRequest.Outcome;
import dev.familiar.server.drills.OpenApiModel.ErrorFamily;
import dev.familiar.server.drills.OpenApiModel.Operation;
import dev.familiar.server.drills.OpenApiModel.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * What every answer must be, read from the document: below 500; a status the addressed operation documents or
 * one the document allows everywhere ({@code x-familiar-common-errors}); a content type the documented response
 * names (the operation's error family, JSON, for the common ones); a body that matches the documented schema
 * (for common errors: the family's error schema). Plus the issue-11 intents the document cannot state per
 * operation ({@link Intent}): such requests are never answered 2xx.
 */
final class ResponseCheck {
    /** One broken rule. */
    record Finding(String rule, String operation, int status, String detail, FuzzRequest request) {
        /** Findings with the same key are one problem. */
        String key() {
            return rule + " | " + operation + " | " + status + " | " + detail.replaceAll("[0-9a-f-]{36}", "<uuid>");
        }

        @Override
        public String toString() {
            return rule + ": " + operation + " answered " + status + ": " + detail + "\n  request: " + request;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final OpenApiModel model;
    private final SchemaCheck schemas;
    private final String baseUrl;

    ResponseCheck(OpenApiModel model, String baseUrl) {
        this.model = model;
        this.schemas = new SchemaCheck(model);
        this.baseUrl = baseUrl;
    }

    /** The operation a request really addressed (a mutated method or path may address another one, or none). */
    Optional<Operation> addressed(FuzzRequest request) {
        return model.match(request.method(), sentPath(request));
    }

    String sentPath(FuzzRequest request) {
        return HttpUrl.get(baseUrl + request.target()).encodedPath();
    }

    List<Finding> check(FuzzRequest request, Outcome outcome) {
        List<Finding> findings = new ArrayList<>();
        Optional<Operation> target = addressed(request);
        Operation familyOf = target.or(() -> model.anyOnPath(sentPath(request))).orElse(request.source());
        String operation = target.map(Operation::name).orElse(request.method() + " " + familyOf.path() + " (no such operation)");
        int status = outcome.status();
        if (status == 0) {
            findings.add(new Finding("no answer", operation, status, outcome.text(), request));
            return findings;
        }
        if (status >= 500) {
            findings.add(new Finding("5xx", operation, status, FuzzRequest.abbreviate(outcome.text(), 300), request));
        }
        Response documented = target.map(op -> op.responses().get(Integer.toString(status))).orElse(null);
        boolean common = model.commonStatuses().contains(status);
        if (documented == null && !common) {
            findings.add(new Finding("undocumented status", operation, status, "documented: "
                    + target.map(op -> op.responses().keySet().toString()).orElse("[]") + " and everywhere "
                    + model.commonStatuses(), request));
        }
        Map<String, JsonNode> content = documented != null ? documented.content()
                : Map.of("application/json", model.beforeRouting().contains(status)
                        ? eitherFamily(familyOf.family()) : familySchema(familyOf.family()));
        String mediaType = mediaType(outcome.contentType());
        if (documented != null && content.isEmpty()) {
            if (outcome.body().length > 0) {
                findings.add(new Finding("body on a no-content answer", operation, status,
                        FuzzRequest.abbreviate(outcome.text(), 100), request));
            }
        } else if (!content.containsKey(mediaType)) {
            findings.add(new Finding("content type", operation, status, outcome.contentType() + " is not "
                    + content.keySet() + "; body " + FuzzRequest.abbreviate(FuzzRequest.printable(outcome.body()), 120),
                    request));
        } else if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            JsonNode schema = content.get(mediaType);
            if (documented != null && model.beforeRouting().contains(status)) {
                // the HTTP layer may have answered before the route was known, in the envelope
                var anyOf = JsonNodeFactory.instance.objectNode();
                anyOf.putArray("anyOf").add(schema).add(familySchema(ErrorFamily.ENVELOPE));
                schema = anyOf;
            }
            shape(request, outcome, operation, schema, findings);
        }
        if (status >= 200 && status < 300) {
            for (Intent intent : request.intents()) {
                findings.add(new Finding("accepted: " + intent, operation, status, intentText(intent), request));
            }
        }
        return findings;
    }

    private void shape(FuzzRequest request, Outcome outcome, String operation, JsonNode schema, List<Finding> findings) {
        JsonNode body;
        try {
            body = MAPPER.readTree(outcome.body());
        } catch (IOException e) {
            findings.add(new Finding("not JSON", operation, outcome.status(),
                    FuzzRequest.abbreviate(FuzzRequest.printable(outcome.body()), 120), request));
            return;
        }
        if (body == null || body.isMissingNode()) {
            findings.add(new Finding("not JSON", operation, outcome.status(), "an empty body", request));
            return;
        }
        List<String> problems = schemas.problems(body, schema);
        if (!problems.isEmpty()) {
            String rule = outcome.status() >= 400 ? "error shape" : "success shape";
            findings.add(new Finding(rule, operation, outcome.status(),
                    String.join("; ", problems.subList(0, Math.min(3, problems.size()))) + " in "
                            + FuzzRequest.abbreviate(body.toString(), 200), request));
        }
    }

    private static JsonNode familySchema(ErrorFamily family) {
        return JsonNodeFactory.instance.objectNode().put("$ref", family.schemaRef);
    }

    /** The family's error schema or, when the HTTP layer answered before routing, the envelope. */
    private static JsonNode eitherFamily(ErrorFamily family) {
        var anyOf = JsonNodeFactory.instance.objectNode();
        anyOf.putArray("anyOf").add(familySchema(family)).add(familySchema(ErrorFamily.ENVELOPE));
        return anyOf;
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "(none)";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String intentText(Intent intent) {
        return switch (intent) {
            case NON_JSON_CONTENT_TYPE -> "a body that is not declared JSON was accepted (issue 11 item 7: 415)";
            case DUPLICATE_KEYS -> "duplicate JSON keys were accepted (item 7: refuse them)";
            case UNKNOWN_FIELD -> "an unknown field was accepted (item 10: refused, not ignored)";
            case BAD_TEXT -> "NUL, a lone surrogate or invalid UTF-8 was accepted (item 7: refuse them)";
            case BAD_CREDENTIAL -> "a presented credential that is not valid was accepted (item 12: 401)";
        };
    }
}
