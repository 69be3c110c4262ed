package dev.familiar.admin.audit;

import java.nio.file.Path;
import java.util.Optional;

/** Asks the operator where to save an export (the native chooser in the app; a fixed file in tests). */
@FunctionalInterface
public interface ExportFileChooser {
    /** The file to write, or empty when the operator cancelled. */
    Optional<Path> choose(String suggestedName);
}
