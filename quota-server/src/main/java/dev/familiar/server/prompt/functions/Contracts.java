package dev.familiar.server.prompt.functions;

import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.contract.ChangeClassifier;
import dev.familiar.model.prompt.contract.ParameterSchema;
import dev.familiar.model.prompt.contract.PromptTemplate;
import java.util.List;

/** The domain contract applied to stored versions: problems of a new version, and classification of two. */
public final class Contracts {
    private Contracts() {
    }

    /** Every problem of the schema and of the template against it (empty when the version may be stored). */
    public static List<ParameterProblem> problems(String template, List<PromptParameter> parameters) {
        return ParameterSchema.of(parameters).problems(PromptTemplate.parse(template));
    }

    /** How {@code newer} differs from {@code older}. */
    public static ChangeClassifier.Classification classify(PromptVersionView older, PromptVersionView newer) {
        return ChangeClassifier.classify(PromptTemplate.parse(older.template()), ParameterSchema.of(older.parameters()),
                settings(older.settings()), PromptTemplate.parse(newer.template()),
                ParameterSchema.of(newer.parameters()), settings(newer.settings()));
    }

    static PromptSettings settings(PromptSettings settings) {
        return settings == null ? PromptSettings.NONE : settings;
    }
}
