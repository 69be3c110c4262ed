import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline of bench/console-start.sh: the smallest JavaFX window (one label), started the same way as the
 * console (same JVM, same jar on the class path, a launcher class that is not the Application, as the console's
 * Launcher). Prints "STARTUP window <epoch ms>" once shown and laid out, then exits.
 */
public final class MinimalWindow {
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            stage.setScene(new Scene(new StackPane(new Label("Hello")), 400, 300));
            stage.setOnShown(event -> Platform.runLater(() -> {
                System.out.println("STARTUP window " + System.currentTimeMillis());
                Platform.exit();
            }));
            stage.show();
        }
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }
}
