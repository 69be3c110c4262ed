package dev.familiar.admin.promptlab;

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
import java.util.function.Consumer;

/**
 * What the Prompt Lab screen asks of a server ({@code /api/admin/prompt-functions…}, {@code /api/admin/prompt-lab…}):
 * the narrow port its view models are tested against (a fake in the tests, {@link ClientPromptLabApi} over the typed
 * client otherwise). Calls block and throw {@link dev.familiar.model.api.ApiError} when the server refuses (400 with
 * the offending parameters, 402 when an R&amp;D budget is spent, 404).
 */
public interface PromptLabApi {

    /** The providers the lab can call (which are dry-run), and the approval rules. */
    LabStatus status();

    /** One page of functions whose name starts with {@code search} (null: all), ordered by name. */
    PromptFunctionList functions(String search, String cursor, int limit);

    PromptFunctionView createFunction(String name, String description);

    /** Every version of {@code function}, oldest first. */
    List<PromptVersionView> versions(String function);

    /** Stores the next version; the answer carries its computed change class. */
    PromptVersionView createVersion(String function, PromptVersionCreate version);

    DataSetList dataSets();

    DataSetView dataSet(String name);

    /** Creates or replaces the data set {@code dataSet.name()}. */
    DataSetView saveDataSet(DataSetWrite dataSet);

    /**
     * Runs one iteration with its output streamed: {@code onDelta} receives each piece of text on the calling thread
     * as the provider sends it; answers the stored iteration.
     */
    IterationView runStreaming(IterationRequest request, Consumer<String> onDelta);

    /** One page of {@code function}'s iterations, newest first. */
    IterationList iterations(String function, String cursor, int limit);

    BatchView startBatch(BatchRequest request);

    BatchView batch(String id);

    /** Asks the batch to stop after the row in flight; answers it as it is now. */
    BatchView cancelBatch(String id);
}
