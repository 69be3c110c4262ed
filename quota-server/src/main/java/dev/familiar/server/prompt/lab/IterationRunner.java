package dev.familiar.server.prompt.lab;

import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.server.auth.Principal;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one Prompt Lab iteration: look the version up, render strictly, check the R&D budget, call the provider,
 * store the iteration immutably and write its R&D ledger entry. Used by the iterations route and by batches.
 */
public interface IterationRunner {
    /** What happened. A provider failure is a stored FAILED iteration ({@link Ran}), not another outcome. */
    sealed interface Outcome permits Ran, Invalid, NotFound, BudgetExceeded {
    }

    record Ran(IterationView iteration) implements Outcome {
    }

    /** The data (or settings) do not fit the version: every problem; nothing stored, nothing sent. */
    record Invalid(List<ParameterProblem> problems) implements Outcome {
    }

    /** The function, version or provider does not exist. */
    record NotFound(String message) implements Outcome {
    }

    /** An engineer's or function's monthly R&D budget is spent; nothing sent. */
    record BudgetExceeded(String message) implements Outcome {
    }

    /**
     * @param engineer who runs it (recorded as the iteration's author and the ledger entry's engineer)
     * @param batchId  the batch this row belongs to, or null
     * @param onDelta  receives the output as it streams (called on this thread)
     */
    Outcome run(Principal engineer, IterationRequest request, String batchId, Consumer<String> onDelta)
            throws SQLException;
}
