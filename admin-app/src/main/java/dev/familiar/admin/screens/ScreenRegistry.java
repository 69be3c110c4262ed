package dev.familiar.admin.screens;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The console's screens, listed explicitly and in navigation order. Ids and shortcuts are unique. */
public final class ScreenRegistry {
    private final List<ScreenDescriptor> screens;

    public ScreenRegistry(List<ScreenDescriptor> screens) {
        this.screens = List.copyOf(screens);
        Set<String> ids = new HashSet<>();
        Set<Integer> shortcuts = new HashSet<>();
        for (ScreenDescriptor screen : this.screens) {
            if (!ids.add(screen.id())) {
                throw new IllegalArgumentException("Two screens with the id " + screen.id());
            }
            if (screen.shortcut() != 0 && !shortcuts.add(screen.shortcut())) {
                throw new IllegalArgumentException("Two screens with the shortcut Ctrl+" + screen.shortcut());
            }
        }
        if (this.screens.isEmpty()) {
            throw new IllegalArgumentException("No screens");
        }
    }

    public List<ScreenDescriptor> all() {
        return screens;
    }

    public Optional<ScreenDescriptor> find(String id) {
        return screens.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public boolean knows(String id) {
        return find(id).isPresent();
    }

    /** The screen of a Ctrl+digit shortcut. */
    public Optional<ScreenDescriptor> byShortcut(int digit) {
        return screens.stream().filter(s -> s.shortcut() == digit && digit != 0).findFirst();
    }
}
