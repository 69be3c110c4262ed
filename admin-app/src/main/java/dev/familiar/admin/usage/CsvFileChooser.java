package dev.familiar.admin.usage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an export goes: asks the operator for a CSV file to write (the native save dialog in the console,
 * {@link FxCsvFileChooser}); tests answer with a temporary file. Empty when the operator cancelled. UI thread.
 */
public interface CsvFileChooser {
    Optional<Path> choose(String title, String suggestedFileName);
}
