package dev.familiar.admin.directory;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.model.directory.DirectoryUser;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Directory screen's own dialogs, registered on the console's {@link FxDialogService}: "Add members" (a
 * directory search, several people chosen at once; {@code #memberPickerDialog}) and "Bulk add" (a pasted list and
 * its per-line results; {@code #bulkAddDialog}). Their view models do the work.
 */
public final class DirectoryDialogs {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private DirectoryDialogs() {
    }

    /** Registers the renderers of {@link PickMembersRequest} and {@link BulkAddRequest}. */
    public static void register(FxDialogService dialogs) {
        dialogs.register(PickMembersRequest.class, DirectoryDialogs::pickMembers);
        dialogs.register(BulkAddRequest.class, DirectoryDialogs::bulkAdd);
    }

    static Optional<List<DirectoryUser>> pickMembers(PickMembersRequest request, Window owner) {
        MemberPickerViewModel viewModel = request.viewModel();
        Dialog<List<DirectoryUser>> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(request.title());
        dialog.setHeaderText(request.title());
        dialog.getDialogPane().setId("memberPickerDialog");
        stylesheet(dialog);

        TextField search = new TextField();
        search.setId("pickerSearch");
        search.setPromptText(MemberPickerViewModel.PROMPT);
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        search.setOnAction(event -> viewModel.search());
        TableView<MemberItemViewModel> results = new TableView<>(viewModel.results());
        results.setId("pickerResults");
        results.setPlaceholder(new Label("Search to see people"));
        results.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        results.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        results.getColumns().setAll(List.of(
                DirectoryView.column("Name", 170, MemberItemViewModel::displayName),
                DirectoryView.column("E-mail", 220, MemberItemViewModel::email)));
        results.setPrefSize(460, 280);
        results.getSelectionModel().getSelectedItems().addListener((ListChangeListener<MemberItemViewModel>) change ->
                viewModel.chosen().setAll(List.copyOf(results.getSelectionModel().getSelectedItems())));
        Label message = new Label();
        message.setId("pickerMessage");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        Label hint = new Label("Ctrl+click or Shift+click to choose several.");
        hint.getStyleClass().add(Styles.TEXT_SUBTLE);
        VBox content = new VBox(8, search, results, message, hint);
        content.setPrefWidth(480);
        dialog.getDialogPane().setContent(content);

        ButtonType confirm = new ButtonType("Add selected", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        Button confirmButton = (Button) dialog.getDialogPane().lookupButton(confirm);
        confirmButton.setId("pickerConfirm");
        confirmButton.disableProperty().bind(Bindings.isEmpty(viewModel.chosen()));
        confirmButton.textProperty().bind(Bindings.createStringBinding(() -> viewModel.chosen().isEmpty()
                ? "Add selected" : "Add " + viewModel.chosen().size() + " selected", viewModel.chosen()));
        dialog.setResultConverter(button -> button == confirm ? viewModel.chosenUsers() : null);
        dialog.setResizable(true);
        dialog.setOnShown(event -> search.requestFocus());
        return dialog.showAndWait();
    }

    static Optional<Boolean> bulkAdd(BulkAddRequest request, Window owner) {
        BulkAddViewModel viewModel = request.viewModel();
        Dialog<Boolean> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(request.title());
        dialog.setHeaderText(request.title());
        dialog.getDialogPane().setId("bulkAddDialog");
        stylesheet(dialog);

        Label instructions = new Label("Paste one entry per line: an e-mail address (a line with @) or a directory "
                + "user id. Blank lines are ignored; at most 1,000 entries at once.");
        instructions.setWrapText(true);
        TextArea text = new TextArea();
        text.setId("bulkText");
        text.setPrefRowCount(7);
        text.setPromptText("ana@example.com\nben@example.com\n3f2a…");
        text.textProperty().bindBidirectional(viewModel.textProperty());
        Button send = DirectoryView.button("bulkSend", "Add all", viewModel::send);
        send.getStyleClass().add(Styles.ACCENT);
        send.disableProperty().bind(viewModel.sendingProperty());
        Label message = new Label();
        message.setId("bulkMessage");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.messageProperty());
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox sendRow = new HBox(10, send, message);
        sendRow.setAlignment(Pos.CENTER_LEFT);

        TableView<AddResultItemViewModel> results = new TableView<>(viewModel.results());
        results.setId("bulkResults");
        results.setPlaceholder(new Label("The result of each line shows here"));
        results.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<AddResultItemViewModel, String> line = DirectoryView.column("Line", 45,
                AddResultItemViewModel::lineText);
        results.getColumns().setAll(List.of(line,
                DirectoryView.column("Entry", 190, AddResultItemViewModel::input),
                DirectoryView.column("Status", 120, AddResultItemViewModel::status),
                DirectoryView.column("Message", 220, AddResultItemViewModel::messageText)));
        results.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(AddResultItemViewModel item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(FAILED, !empty && item != null && item.failure());
            }
        });
        results.setPrefSize(620, 220);
        Label counts = new Label();
        counts.setId("bulkCounts");
        counts.getStyleClass().add(Styles.TEXT_BOLD);
        counts.textProperty().bind(viewModel.countsTextProperty());

        VBox content = new VBox(8, instructions, text, sendRow, results, counts);
        content.setPrefWidth(640);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("bulkClose");
        dialog.setResultConverter(button -> Boolean.TRUE);
        dialog.setResizable(true);
        dialog.setOnShown(event -> text.requestFocus());
        return dialog.showAndWait();
    }

    private static void stylesheet(Dialog<?> dialog) {
        dialog.getDialogPane().getStylesheets()
                .add(DirectoryDialogs.class.getResource("DirectoryView.css").toExternalForm());
    }
}
