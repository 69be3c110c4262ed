package dev.familiar.admin.screens;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A screen as the registry lists it (as AtlantaFX's {@code Page} and PDFsam's {@code Tool}): its id (the first
 * segment of its places), the title of its navigation entry, its Ctrl+digit shortcut (1–9, or 0 for none), the
 * factory that builds it on first visit, and the roles it is offered to (empty: everyone).
 *
 * <p>The roles only hide a navigation entry the server would refuse anyway: the server's access rules decide. A
 * session whose roles are unknown (an API key) is offered every screen.
 */
public record ScreenDescriptor(String id, String title, int shortcut, Function<ScreenContext, Screen> factory,
                               Set<String> roles) {
    public ScreenDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(factory, "factory");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        if (shortcut < 0 || shortcut > 9) {
            throw new IllegalArgumentException("A shortcut is a digit 1-9 (0: none): " + shortcut);
        }
    }

    /** A screen offered to everyone. */
    public ScreenDescriptor(String id, String title, int shortcut, Function<ScreenContext, Screen> factory) {
        this(id, title, shortcut, factory, Set.of());
    }

    /**
     * Whether a session with {@code sessionRoles} is offered this screen: when the screen names no role, when the
     * session's roles are unknown (empty), or when the session has one of the screen's roles.
     */
    public boolean offeredTo(Collection<String> sessionRoles) {
        return roles.isEmpty() || sessionRoles == null || sessionRoles.isEmpty()
                || sessionRoles.stream().anyMatch(roles::contains);
    }
}
