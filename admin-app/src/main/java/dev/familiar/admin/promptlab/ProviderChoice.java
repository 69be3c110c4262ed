package dev.familiar.admin.promptlab;

import dev.familiar.model.prompt.LabStatus;

/** A provider in the settings' choice: its name, default model, and whether it answers by echo (dry-run). */
public record ProviderChoice(String name, String model, boolean dryRun) {

    static ProviderChoice of(LabStatus.ProviderInfo info) {
        return new ProviderChoice(info.name(), info.model(), info.dryRun());
    }

    /** "echo · dry-run (echo)", "openai · gpt-4o-mini". */
    public String label() {
        if (dryRun) {
            return name + " · dry-run (echo)";
        }
        return model == null || model.isBlank() ? name : name + " · " + model;
    }

    @Override
    public String toString() {
        return label();
    }
}
