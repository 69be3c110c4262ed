package dev.familiar.admin.promptlab;

import dev.familiar.model.prompt.PromptFunctionView;
import java.util.stream.Collectors;

/** One function in the picker. */
public record FunctionItemViewModel(PromptFunctionView function) {

    public String name() {
        return function.name();
    }

    /** "3 versions · major 1 → v2 active". */
    public String detailText() {
        int n = function.latestVersion();
        String versions = n == 0 ? "no versions yet" : n + (n == 1 ? " version" : " versions");
        if (function.active() == null || function.active().isEmpty()) {
            return versions;
        }
        return versions + " · " + function.active().stream().map(a -> "@" + a.major() + " → v" + a.version())
                .collect(Collectors.joining(", ")) + " active";
    }

    @Override
    public String toString() {
        return name();
    }
}
