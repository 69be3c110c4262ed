package dev.familiar.server.directory;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing and the opaque cursor of the next (empty on the last). A cursor is only ever handed back
 * to the adapter that made it; an adapter refuses one it did not make ({@link DirectoryException.Kind#INVALID}).
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public Page {
        items = List.copyOf(items);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
