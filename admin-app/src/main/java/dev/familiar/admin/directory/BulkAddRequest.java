package dev.familiar.admin.directory;

import dev.familiar.admin.dialogs.DialogRequest;
import java.util.Objects;

/**
 * The "Bulk add" dialog: a pasted list sent in one request, with a result per line; waits until the operator
 * closes it (the view model keeps what was added). Rendered by {@link DirectoryDialogs}.
 */
public record BulkAddRequest(BulkAddViewModel viewModel) implements DialogRequest<Boolean> {
    public BulkAddRequest {
        Objects.requireNonNull(viewModel, "viewModel");
    }

    @Override
    public String title() {
        return viewModel.title();
    }
}
