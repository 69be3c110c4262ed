package dev.familiar.admin.promptlab.compare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server of versions, iterations, data sets and batches held in maps. A batch advances {@link #rowsPerPoll} rows
 * of its planned iterations each time it is polled, and records every call in {@link #calls}.
 */
final class FakeCompareApi implements CompareApi {
    final Map<String, PromptVersionView> versions = new HashMap<>();
    final Map<String, IterationView> iterations = new LinkedHashMap<>();
    final Map<String, DataSetView> dataSets = new HashMap<>();
    /** The iterations each version's batch will produce, in row order. */
    final Map<Integer, List<IterationView>> planned = new HashMap<>();
    final Map<String, BatchView> batches = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    int rowsPerPoll = 1;
    RuntimeException failStartOfVersion;
    int failStartVersion = -1;

    static IterationView iteration(String id, int version, String output, long prompt, long completion,
                                   long latency, String cost, String status) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("topic", "cats").put("words", 20);
        return new IterationView(id, "summary", version, "hash", data, "Summarise cats in 20 words", "echo",
                "echo-1", PromptSettings.NONE, "FAILED".equals(status) ? null : output, prompt, completion, latency,
                cost == null ? null : new BigDecimal(cost), "USD", status, "FAILED".equals(status) ? "provider 500" : null,
                true, null, "eng", Instant.parse("2030-01-01T00:00:00Z"));
    }

    static PromptVersionView version(int version, String template) {
        return new PromptVersionView("summary", version, template, "h" + version, List.of(), PromptSettings.NONE,
                null, List.of(), "eng", Instant.parse("2030-01-01T00:00:00Z"));
    }

    FakeCompareApi withVersion(PromptVersionView version) {
        versions.put(version.function() + "@" + version.version(), version);
        return this;
    }

    FakeCompareApi withDataSet(String name, String... labels) {
        List<DataSetRow> rows = new ArrayList<>();
        for (String label : labels) {
            rows.add(new DataSetRow(label, JsonNodeFactory.instance.objectNode()));
        }
        dataSets.put(name, new DataSetView(name, "", rows, "eng", Instant.EPOCH));
        return this;
    }

    FakeCompareApi plan(int version, IterationView... rows) {
        planned.put(version, List.of(rows));
        for (IterationView row : rows) {
            iterations.put(row.id(), row);
        }
        return this;
    }

    @Override
    public PromptVersionView version(String function, int version) {
        calls.add("version " + function + "@" + version);
        PromptVersionView found = versions.get(function + "@" + version);
        if (found == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No version " + version, 404);
        }
        return found;
    }

    @Override
    public IterationView iteration(String id) {
        calls.add("iteration " + id);
        return iterations.get(id);
    }

    @Override
    public DataSetView dataSet(String name) {
        calls.add("dataSet " + name);
        return dataSets.get(name);
    }

    @Override
    public BatchView startBatch(BatchRequest request) {
        calls.add("startBatch v" + request.version() + " " + request.dataSet());
        if (request.version() == failStartVersion) {
            throw failStartOfVersion;
        }
        String id = "batch-" + request.version();
        BatchView batch = view(id, request.version(), "RUNNING", 0);
        batches.put(id, batch);
        return batch;
    }

    @Override
    public BatchView batch(String id) {
        calls.add("batch " + id);
        BatchView now = batches.get(id);
        if ("RUNNING".equals(now.status())) {
            int total = planned.get(now.version()).size();
            int done = Math.min(total, now.done() + rowsPerPoll);
            now = view(id, now.version(), done == total ? "COMPLETED" : "RUNNING", done);
            batches.put(id, now);
        }
        return now;
    }

    @Override
    public BatchView cancelBatch(String id) {
        calls.add("cancelBatch " + id);
        BatchView now = batches.get(id);
        now = view(id, now.version(), "CANCELLED", now.done());
        batches.put(id, now);
        return now;
    }

    private BatchView view(String id, int version, String status, int done) {
        List<IterationView> rows = planned.getOrDefault(version, List.of());
        List<IterationView> ran = rows.subList(0, done);
        return new BatchView(id, "summary", version, "cats", status, rows.size(), done,
                (int) ran.stream().filter(i -> "FAILED".equals(i.status())).count(),
                ran.stream().map(IterationView::id).toList(), 0, 0, BigDecimal.ZERO, null, "eng", Instant.EPOCH, null);
    }
}
