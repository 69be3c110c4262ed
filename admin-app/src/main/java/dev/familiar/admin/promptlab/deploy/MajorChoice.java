package dev.familiar.admin.promptlab.deploy;

/**
 * A major the version can be deployed as: an existing one (with the version active in it) or the next, new one.
 *
 * @param major         the major number
 * @param activeVersion the version serving the major now; null for a new major
 */
public record MajorChoice(int major, Integer activeVersion) {

    public boolean isNew() {
        return activeVersion == null;
    }

    /** "major 1 (v3 active)" or "new major 2". */
    public String text() {
        return isNew() ? "new major " + major : "major " + major + " (v" + activeVersion + " active)";
    }

    @Override
    public String toString() {
        return text();
    }
}
