package dev.familiar.model.prompt;

import java.util.List;

/** Prompt functions ordered by name; {@code nextCursor} for the next page (null on the last). */
public record PromptFunctionList(List<PromptFunctionView> items, String nextCursor) {
}
