package dev.familiar.model.directory;

/**
 * One group. {@code id} is the directory's id (Entra's object id, or {@code grp_…} in the local directory);
 * {@code description} may be null; {@code memberCount} counts direct members (null when the directory could not
 * count them in time: the list still answers).
 */
public record DirectoryGroup(String id, String displayName, String description, Integer memberCount) {
}
