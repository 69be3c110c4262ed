package dev.familiar.admin.promptlab;

import dev.familiar.model.client.PromptLabClient;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.model.prompt.IterationList;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionList;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.model.prompt.PromptVersionView;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link PromptLabApi} over the typed client of the current connection ({@code client.promptLab()}). */
public final class ClientPromptLabApi implements PromptLabApi {
    private final PromptLabClient client;

    public ClientPromptLabApi(PromptLabClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public LabStatus status() {
        return client.status();
    }

    @Override
    public PromptFunctionList functions(String search, String cursor, int limit) {
        return client.functions(search, cursor, limit);
    }

    @Override
    public PromptFunctionView createFunction(String name, String description) {
        return client.createFunction(name, description);
    }

    @Override
    public List<PromptVersionView> versions(String function) {
        return client.versions(function);
    }

    @Override
    public PromptVersionView createVersion(String function, PromptVersionCreate version) {
        return client.createVersion(function, version);
    }

    @Override
    public DataSetList dataSets() {
        return client.dataSets();
    }

    @Override
    public DataSetView dataSet(String name) {
        return client.dataSet(name);
    }

    @Override
    public DataSetView saveDataSet(DataSetWrite dataSet) {
        return client.saveDataSet(dataSet);
    }

    @Override
    public IterationView runStreaming(IterationRequest request, Consumer<String> onDelta) {
        return client.runStreaming(request, onDelta);
    }

    @Override
    public IterationList iterations(String function, String cursor, int limit) {
        return client.iterations(function, null, cursor, limit);
    }

    @Override
    public BatchView startBatch(BatchRequest request) {
        return client.startBatch(request);
    }

    @Override
    public BatchView batch(String id) {
        return client.batch(id);
    }

    @Override
    public BatchView cancelBatch(String id) {
        return client.cancelBatch(id);
    }
}
