package dev.familiar.admin.promptlab.deploy;

import dev.familiar.admin.dialogs.DialogRequest;
import java.util.Objects;

/**
 * Shows the deploy dialog for a view model (which does the work) and waits until the operator closes it; answers
 * {@code true} when something was deployed. Rendered by {@link DeployDialogs}. The Prompt Lab opens it with
 * {@link DeployDialogs#request}.
 */
public record DeployRequest(DeployViewModel viewModel) implements DialogRequest<Boolean> {
    public DeployRequest {
        Objects.requireNonNull(viewModel, "viewModel");
    }

    @Override
    public String title() {
        return viewModel.title();
    }
}
