package dev.familiar.admin.promptlab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.model.prompt.IterationList;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionList;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.model.prompt.PromptVersionView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An in-memory Prompt Lab server for view-model tests: functions, versions (each classified by a rule the test sets,
 * MINOR by default), data sets, iterations streamed in the pieces the test scripts, batches advancing a row per poll.
 * Records every call; {@link #failNext} makes the next call throw.
 */
final class FakePromptLabApi implements PromptLabApi {
    static final Instant NOW = Instant.parse("2030-05-01T10:00:00Z");

    private final Map<String, PromptFunctionView> functions = new TreeMap<>();
    private final Map<String, List<PromptVersionView>> versions = new LinkedHashMap<>();
    private final Map<String, DataSetView> dataSets = new TreeMap<>();
    private final List<IterationView> iterations = new ArrayList<>();
    private final Map<String, BatchView> batches = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private List<String> deltas = List.of("Hel", "lo");
    /** Called between the streamed pieces (after piece i): lets a test look or press Cancel mid-stream. */
    Consumer<Integer> betweenDeltas = i -> { };
    ChangeClass nextClass = ChangeClass.MINOR;
    boolean dryRun = true;
    private int iterationIds;

    void failNext(RuntimeException failure) {
        failures.add(failure);
    }

    static ApiError error(ErrorCode code, String message, int status, String requestId) {
        return new ApiError(code, message, status).withRequestId(requestId);
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    void streams(String... pieces) {
        deltas = List.of(pieces);
    }

    private void call(String text) {
        calls.add(text);
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    PromptFunctionView addFunction(String name) {
        PromptFunctionView view = new PromptFunctionView(name, null, 0, List.of(), "admin", NOW);
        functions.put(name, view);
        versions.put(name, new ArrayList<>());
        return view;
    }

    PromptVersionView addVersion(String function, String template, List<PromptParameter> parameters) {
        return store(function, new PromptVersionCreate(template, parameters, PromptSettings.NONE));
    }

    void addDataSet(String name, DataSetRow... rows) {
        dataSets.put(name, new DataSetView(name, null, List.of(rows), "admin", NOW));
    }

    void addIterations(String function, int count) {
        for (int i = 0; i < count; i++) {
            iterations.add(0, iteration(new IterationRequest(function, 1, Json.object(), null), "out " + i));
        }
    }

    private PromptVersionView store(String function, PromptVersionCreate create) {
        List<PromptVersionView> list = versions.get(function);
        int number = list.size() + 1;
        PromptVersionView view = new PromptVersionView(function, number, create.template(), "hash" + number,
                create.parameters(), create.settings(), number == 1 ? null : nextClass, List.of(), "admin",
                NOW.plusSeconds(number));
        list.add(view);
        PromptFunctionView fn = functions.get(function);
        functions.put(function, new PromptFunctionView(fn.name(), fn.description(), number, fn.active(),
                fn.createdBy(), fn.createdAt()));
        return view;
    }

    private IterationView iteration(IterationRequest request, String output) {
        iterationIds++;
        return new IterationView("it-" + iterationIds, request.function(), request.version(), "hash",
                request.data(), "rendered", dryRun ? "echo" : "openai", dryRun ? "echo" : "gpt-test",
                request.settings(), output, 12, 30, 340, new BigDecimal("0.000420"), "USD", "SUCCEEDED", null, dryRun,
                null, "admin", NOW.plusSeconds(100 + iterationIds));
    }

    @Override
    public LabStatus status() {
        call("status");
        return new LabStatus(List.of(new LabStatus.ProviderInfo("echo", "echo", true),
                new LabStatus.ProviderInfo("openai", "gpt-4o-mini", false)), true, List.of("ADMIN"));
    }

    @Override
    public PromptFunctionList functions(String search, String cursor, int limit) {
        call("functions " + search);
        return new PromptFunctionList(functions.values().stream()
                .filter(f -> search == null || f.name().startsWith(search)).toList(), null);
    }

    @Override
    public PromptFunctionView createFunction(String name, String description) {
        call("createFunction " + name + " " + description);
        return addFunction(name);
    }

    @Override
    public List<PromptVersionView> versions(String function) {
        call("versions " + function);
        return List.copyOf(versions.get(function));
    }

    @Override
    public PromptVersionView createVersion(String function, PromptVersionCreate version) {
        call("createVersion " + function);
        created.add(version);
        return store(function, version);
    }

    final List<PromptVersionCreate> created = new ArrayList<>();

    @Override
    public DataSetList dataSets() {
        call("dataSets");
        return new DataSetList(dataSets.values().stream().map(d -> new DataSetList.Summary(d.name(),
                d.description(), d.rows().size(), d.updatedAt())).toList());
    }

    @Override
    public DataSetView dataSet(String name) {
        call("dataSet " + name);
        DataSetView set = dataSets.get(name);
        if (set == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No data set " + name, 404);
        }
        return set;
    }

    @Override
    public DataSetView saveDataSet(DataSetWrite dataSet) {
        call("saveDataSet " + dataSet.name() + " " + dataSet.rows().size());
        DataSetView view = new DataSetView(dataSet.name(), dataSet.description(), dataSet.rows(), "admin", NOW);
        dataSets.put(dataSet.name(), view);
        return view;
    }

    @Override
    public IterationView runStreaming(IterationRequest request, Consumer<String> onDelta) {
        call("run " + request.function() + " v" + request.version() + " " + request.data());
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < deltas.size(); i++) {
            onDelta.accept(deltas.get(i));
            all.append(deltas.get(i));
            betweenDeltas.accept(i);
        }
        IterationView stored = iteration(request, all.toString());
        iterations.add(0, stored);
        return stored;
    }

    @Override
    public IterationList iterations(String function, String cursor, int limit) {
        call("iterations " + function + " " + cursor);
        List<IterationView> mine = iterations.stream().filter(i -> i.function().equals(function)).toList();
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(mine.size(), from + limit);
        return new IterationList(mine.subList(from, to), to < mine.size() ? String.valueOf(to) : null);
    }

    @Override
    public BatchView startBatch(BatchRequest request) {
        call("startBatch " + request.function() + " v" + request.version() + " " + request.dataSet());
        int total = dataSets.get(request.dataSet()).rows().size();
        BatchView view = batch("b-1", request, "RUNNING", total, 0);
        batches.put(view.id(), view);
        return view;
    }

    private static BatchView batch(String id, BatchRequest request, String status, int total, int done) {
        return new BatchView(id, request.function(), request.version(), request.dataSet(), status, total, done, 0,
                List.of(), 12L * done, 30L * done, new BigDecimal("0.0004").multiply(BigDecimal.valueOf(done)),
                null, "admin", NOW, "RUNNING".equals(status) ? null : NOW);
    }

    /** Each poll finds one more row done; the last row completes the batch. */
    @Override
    public BatchView batch(String id) {
        call("batch " + id);
        BatchView b = batches.get(id);
        if (!"RUNNING".equals(b.status())) {
            return b;
        }
        int done = b.done() + 1;
        BatchRequest request = new BatchRequest(b.function(), b.version(), b.dataSet(), null);
        BatchView next = batch(id, request, done >= b.total() ? "COMPLETED" : "RUNNING", b.total(), done);
        batches.put(id, next);
        return next;
    }

    @Override
    public BatchView cancelBatch(String id) {
        call("cancelBatch " + id);
        BatchView b = batches.get(id);
        BatchView next = batch(id, new BatchRequest(b.function(), b.version(), b.dataSet(), null), "CANCELLED",
                b.total(), b.done());
        batches.put(id, next);
        return next;
    }

    static ObjectNode values(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
