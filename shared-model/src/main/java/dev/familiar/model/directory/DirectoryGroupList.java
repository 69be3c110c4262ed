package dev.familiar.model.directory;

import java.util.List;

/** One page of groups ordered by display name; pass {@code nextCursor} as {@code cursor} for the next (null: last). */
public record DirectoryGroupList(List<DirectoryGroup> items, String nextCursor) {
}
