package dev.familiar.admin.directory;

import dev.familiar.admin.dialogs.DialogRequest;
import dev.familiar.model.directory.DirectoryUser;
import java.util.List;
import java.util.Objects;

/**
 * The "Add members" dialog: a directory search whose results can be chosen several at once; answers the people
 * chosen (nothing when cancelled). Rendered by {@link DirectoryDialogs}.
 */
public record PickMembersRequest(MemberPickerViewModel viewModel) implements DialogRequest<List<DirectoryUser>> {
    public PickMembersRequest {
        Objects.requireNonNull(viewModel, "viewModel");
    }

    @Override
    public String title() {
        return viewModel.title();
    }
}
