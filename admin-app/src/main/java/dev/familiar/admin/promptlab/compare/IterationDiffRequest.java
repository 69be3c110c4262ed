package dev.familiar.admin.promptlab.compare;

import dev.familiar.admin.dialogs.DialogRequest;
import java.util.Objects;

/**
 * Shows two iterations diffed side by side in a window of their own, without waiting (several may be open at
 * once). Rendered by {@link CompareDialogs}; answers nothing.
 */
public record IterationDiffRequest(IterationComparison comparison) implements DialogRequest<Boolean> {
    public IterationDiffRequest {
        Objects.requireNonNull(comparison, "comparison");
    }

    @Override
    public String title() {
        return "Compare " + comparison.left().function() + " iterations: v" + comparison.left().version() + " and v"
                + comparison.right().version();
    }
}
