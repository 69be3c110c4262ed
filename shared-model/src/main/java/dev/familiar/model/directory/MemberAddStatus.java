package dev.familiar.model.directory;

/** What became of one entry of an add-members request. Only {@code NOT_FOUND}, {@code INVALID} and {@code FAILED} are failures. */
public enum MemberAddStatus {
    /** Now a member. */
    ADDED,
    /** Was a member already: success, nothing changed. */
    ALREADY_MEMBER,
    /** No such user in the directory (unknown id or e-mail address). */
    NOT_FOUND,
    /** Not a well-formed id or e-mail address, or a repeat of an earlier entry. */
    INVALID,
    /** The directory refused or did not answer for this entry; {@code message} says why. */
    FAILED
}
