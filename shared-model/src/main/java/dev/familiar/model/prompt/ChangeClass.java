package dev.familiar.model.prompt;

/**
 * How a version differs from another, computed from their contracts: {@code PATCH} text or settings only;
 * {@code MINOR} the contract grew compatibly (an optional parameter with a default added, enum values added, a
 * required parameter made optional); {@code MAJOR} a caller of the older version may break (a parameter removed,
 * renamed, retyped or narrowed, or a required one added).
 */
public enum ChangeClass {
    PATCH, MINOR, MAJOR
}
