package dev.familiar.admin.navigation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where the console is: a screen and its arguments, written as a path such as {@code customers} or
 * {@code customers/3f2a…} (the detail page of one organisation). Places are how screens reach each other, through
 * the {@link Navigator}; a place is also what the console remembers as its last screen.
 *
 * @param screenId the screen's id in the registry
 * @param args     the screen's arguments, in order (none for a screen's main page)
 */
public record Place(String screenId, List<String> args) {
    public Place {
        Objects.requireNonNull(screenId, "screenId");
        if (screenId.isBlank() || screenId.contains("/")) {
            throw new IllegalArgumentException("Not a screen id: " + screenId);
        }
        args = List.copyOf(args);
        for (String arg : args) {
            if (arg == null || arg.isBlank() || arg.contains("/")) {
                throw new IllegalArgumentException("Not a place argument: " + arg);
            }
        }
    }

    /** The screen's main page. */
    public static Place of(String screenId, String... args) {
        return new Place(screenId, Arrays.asList(args));
    }

    /** Reads a path such as {@code customers/org-1}; empty segments (doubled or trailing slashes) are ignored. */
    public static Place parse(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : Objects.requireNonNull(path, "path").trim().split("/")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("An empty place");
        }
        return new Place(parts.get(0), parts.subList(1, parts.size()));
    }

    /** The argument at {@code index}, or null when there is none. */
    public String arg(int index) {
        return index < args.size() ? args.get(index) : null;
    }

    /** The path, e.g. {@code customers/org-1}. */
    public String path() {
        return args.isEmpty() ? screenId : screenId + "/" + String.join("/", args);
    }

    @Override
    public String toString() {
        return path();
    }
}
