package dev.familiar.admin.directory;

/**
 * One row of the bulk-add results: the pasted line's number and text, what became of it ({@code ADDED},
 * {@code ALREADY_MEMBER}, {@code NOT_FOUND}, {@code INVALID}, {@code FAILED}) and the directory's message.
 */
public record AddResultItemViewModel(int line, String input, String status, String message, boolean failure) {

    public String lineText() {
        return Integer.toString(line);
    }

    public String messageText() {
        return message == null ? "" : message;
    }
}
