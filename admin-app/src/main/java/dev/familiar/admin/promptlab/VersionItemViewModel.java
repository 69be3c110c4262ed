package dev.familiar.admin.promptlab;

import dev.familiar.model.prompt.PromptVersionView;

/** One version in the version picker: its number, computed change class, author and time. */
public record VersionItemViewModel(PromptVersionView version) {

    public int number() {
        return version.version();
    }

    /** "v3 · MINOR · alice · 2030-05-01 10:00:00" (the first version has no class). */
    public String text() {
        return "v" + version.version() + " · " + changeClassText()
                + (version.createdBy() == null ? "" : " · " + version.createdBy())
                + (version.createdAt() == null ? "" : " · " + LabFormat.time(version.createdAt()));
    }

    /** "v3 · MINOR": the first line of the picker's cell. */
    public String headline() {
        return "v" + version.version() + " · " + changeClassText();
    }

    /** "alice · 2030-05-01": the second line of the picker's cell (its tooltip has the time). */
    public String detailText() {
        String who = version.createdBy() == null ? "" : version.createdBy();
        String time = version.createdAt() == null ? "" : LabFormat.time(version.createdAt());
        String when = time.length() > 10 ? time.substring(0, 10) : time;
        return who.isEmpty() || when.isEmpty() ? who + when : who + " · " + when;
    }

    /** "MAJOR", "MINOR", "PATCH", or "first" for version 1. */
    public String changeClassText() {
        return version.changeClass() == null ? "first" : version.changeClass().name();
    }

    @Override
    public String toString() {
        return text();
    }
}
