package dev.familiar.server.prompt;

import dev.familiar.model.prompt.PromptVersionView;
import java.sql.SQLException;
import java.util.Optional;

/** Reads immutable prompt versions (the lab, data-set checks and the runtime look versions up through this). */
public interface PromptVersions {
    /** {@code function@version}, or empty when either does not exist. */
    Optional<PromptVersionView> find(String function, int version) throws SQLException;
}
