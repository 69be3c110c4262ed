package dev.familiar.admin.limits;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.dialogs.FxDialogService;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Quotas and limits screen's own dialog, registered on the console's {@link FxDialogService}: "What changes for
 * whom" ({@link ImpactRequest}, {@code #impactDialog}): who is affected, the preview's lines (those leaving a quota
 * exhausted highlighted), the screen's own notes, how soon every server applies it, and Apply / Cancel.
 */
public final class LimitsDialogs {

    private LimitsDialogs() {
    }

    /** Registers the renderer of {@link ImpactRequest}. */
    public static void register(FxDialogService dialogs) {
        dialogs.register(ImpactRequest.class, LimitsDialogs::impact);
    }

    static Optional<Boolean> impact(ImpactRequest request, Window owner) {
        Dialog<Boolean> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(request.title());
        dialog.setHeaderText(request.header());
        dialog.getDialogPane().setId("impactDialog");
        dialog.getDialogPane().getStylesheets()
                .add(LimitsDialogs.class.getResource("LimitsView.css").toExternalForm());

        Label summary = new Label(request.summary());
        summary.setId("impactSummary");
        summary.getStyleClass().add(Styles.TEXT_BOLD);
        VBox content = new VBox(8, summary);
        if (!request.exhaustedText().isEmpty()) {
            Label exhausted = new Label(request.exhaustedText());
            exhausted.setId("impactExhausted");
            exhausted.getStyleClass().add("impact-exhausted");
            content.getChildren().add(exhausted);
        }
        TableView<ImpactLineItem> lines = new TableView<>();
        lines.setId("impactLines");
        lines.getItems().setAll(request.items());
        lines.setPlaceholder(new Label("The server lists no change"));
        lines.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        lines.getColumns().setAll(List.of(
                LimitsView.column("Who", 200, ImpactLineItem::who),
                LimitsView.column("What", 160, ImpactLineItem::what),
                LimitsView.column("Before", 110, ImpactLineItem::before),
                LimitsView.column("After", 110, ImpactLineItem::after)));
        lines.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(ImpactLineItem item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(LimitsView.EXHAUSTED, !empty && item != null && item.exhausted());
            }
        });
        lines.setPrefSize(600, Math.min(320, 60 + 28 * Math.max(1, request.items().size())));
        content.getChildren().add(lines);
        for (String note : request.notes()) {
            Label label = new Label(note);
            label.setWrapText(true);
            label.getStyleClass().add("impact-note");
            label.setId("impactNote");
            content.getChildren().add(label);
        }
        Label refresh = new Label(request.refreshText());
        refresh.setId("impactRefresh");
        refresh.setWrapText(true);
        refresh.getStyleClass().add(Styles.TEXT_SUBTLE);
        content.getChildren().add(refresh);
        content.setPrefWidth(620);
        dialog.getDialogPane().setContent(content);

        ButtonType apply = new ButtonType(request.confirmText(), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(apply, ButtonType.CANCEL);
        Button applyButton = (Button) dialog.getDialogPane().lookupButton(apply);
        applyButton.setId("impactConfirm");
        if (request.impact().quotasExhausted() > 0) {
            applyButton.getStyleClass().add(Styles.DANGER);
            applyButton.setDefaultButton(false); // Enter must not exhaust quotas unread
        }
        dialog.getDialogPane().lookupButton(ButtonType.CANCEL).setId("impactCancel");
        dialog.setResultConverter(button -> button == apply ? Boolean.TRUE : null);
        dialog.setResizable(true);
        return dialog.showAndWait();
    }
}
