package dev.familiar.admin.promptlab.compare;

import dev.familiar.admin.dialogs.FxDialogService;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The JavaFX renderers of the comparison requests; {@link #register} adds them to the console's dialogs. */
public final class CompareDialogs {
    private CompareDialogs() {
    }

    /** Registers the renderer of {@link IterationDiffRequest}. */
    public static void register(FxDialogService dialogs) {
        dialogs.register(IterationDiffRequest.class, CompareDialogs::show);
    }

    /** A window of its own (not modal: the operator may keep several side by side), sized to read. */
    static Optional<Boolean> show(IterationDiffRequest request, Window owner) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle(request.title());
        BorderPane root = new BorderPane(CompareView.node(request.comparison()));
        root.setId("iterationDiffWindow");
        Scene scene = new Scene(root, 1100, 720);
        scene.setOnKeyPressed(event -> {
            if (event.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
        stage.show();
        return Optional.empty();
    }
}
