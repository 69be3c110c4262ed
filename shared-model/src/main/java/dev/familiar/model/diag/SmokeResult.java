package dev.familiar.model.diag;

/** UC-15: the data of {@code GET /api/diag/smoke}. */
public record SmokeResult(boolean ok) {
}
