package dev.familiar.admin.usage;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** {@link CsvFileChooser} with JavaFX's native save dialog, over the console's window. */
public final class FxCsvFileChooser implements CsvFileChooser {
    private final Supplier<Window> owner;
    private File lastFolder;

    public FxCsvFileChooser(Supplier<Window> owner) {
        this.owner = owner;
    }

    /** The console's focused window (the owner of the save dialog), or null. */
    public static Window focusedWindow() {
        return Window.getWindows().stream().filter(Window::isFocused).findFirst()
                .orElse(Window.getWindows().isEmpty() ? null : Window.getWindows().get(0));
    }

    @Override
    public Optional<Path> choose(String title, String suggestedFileName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedFileName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File file = chooser.showSaveDialog(owner.get());
        if (file == null) {
            return Optional.empty();
        }
        lastFolder = file.getParentFile();
        return Optional.of(file.toPath());
    }
}
