package dev.familiar.admin.promptlab.compare;

import dev.familiar.model.client.PromptLabClient;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.PromptVersionView;
import java.util.Objects;

/** {@link CompareApi} over the typed client: {@code session.api(c -> new ClientCompareApi(c.promptLab()))}. */
public final class ClientCompareApi implements CompareApi {
    private final PromptLabClient lab;

    public ClientCompareApi(PromptLabClient lab) {
        this.lab = Objects.requireNonNull(lab, "lab");
    }

    @Override
    public PromptVersionView version(String function, int version) {
        return lab.version(function, version);
    }

    @Override
    public IterationView iteration(String id) {
        return lab.iteration(id);
    }

    @Override
    public DataSetView dataSet(String name) {
        return lab.dataSet(name);
    }

    @Override
    public BatchView startBatch(BatchRequest request) {
        return lab.startBatch(request);
    }

    @Override
    public BatchView batch(String id) {
        return lab.batch(id);
    }

    @Override
    public BatchView cancelBatch(String id) {
        return lab.cancelBatch(id);
    }
}
