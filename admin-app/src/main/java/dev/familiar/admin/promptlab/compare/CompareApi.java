package dev.familiar.admin.promptlab.compare;

import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.PromptVersionView;

/**
 * What the comparisons ask of a server ({@code /api/admin/prompt-functions/…/versions},
 * {@code /api/admin/prompt-lab/…}). Calls block and throw the typed client's {@link dev.familiar.model.api.ApiError}
 * when the server refuses. {@link ClientCompareApi} is the adapter over the typed client; tests use a fake.
 */
public interface CompareApi {

    /** One version of a function (its template and schema). */
    PromptVersionView version(String function, int version);

    /** One stored iteration. */
    IterationView iteration(String id);

    /** A data set and its rows (for the row labels). */
    DataSetView dataSet(String name);

    /** Starts a batch of {@code request.version()} over {@code request.dataSet()}. */
    BatchView startBatch(BatchRequest request);

    /** A batch as it is now. */
    BatchView batch(String id);

    /** Asks a batch to stop after the row in flight. */
    BatchView cancelBatch(String id);
}
