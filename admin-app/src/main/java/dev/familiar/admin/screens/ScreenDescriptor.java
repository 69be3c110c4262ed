package dev.familiar.admin.screens;

import java.util.Objects;
import java.util.function.Function;

/**
 * A screen as the registry lists it (as AtlantaFX's {@code Page} and PDFsam's {@code Tool}): its id (the first
 * segment of its places), the title of its navigation entry, its Ctrl+digit shortcut (1–9, or 0 for none) and the
 * factory that builds it on first visit.
 */
public record ScreenDescriptor(String id, String title, int shortcut, Function<ScreenContext, Screen> factory) {
    public ScreenDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(factory, "factory");
        if (shortcut < 0 || shortcut > 9) {
            throw new IllegalArgumentException("A shortcut is a digit 1-9 (0: none): " + shortcut);
        }
    }
}
