package dev.familiar.model.prompt.contract;

import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.PromptSettings;
import java.util.List;

/**
 * Computes how a newer version differs from an older one (see {@link ChangeClass}). Thread-safe.
 */
public final class ChangeClassifier {
    /** The class, the breaking differences (empty unless MAJOR) and a sentence per difference found. */
    public record Classification(ChangeClass changeClass, List<Incompatibility> breaking, List<String> changes) {
    }

    private ChangeClassifier() {
    }

    public static Classification classify(PromptTemplate olderTemplate, ParameterSchema older, PromptSettings olderSettings,
                                          PromptTemplate newerTemplate, ParameterSchema newer, PromptSettings newerSettings) {
        throw new UnsupportedOperationException("TODO domain helper");
    }
}
