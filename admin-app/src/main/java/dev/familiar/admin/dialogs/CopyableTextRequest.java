package dev.familiar.admin.dialogs;

/**
 * Shows text the operator must copy now (a one-time password, a new API key, an invitation code) as selectable
 * text with a Copy button, without waiting. The text is neither logged nor kept once the dialog closes: the
 * request's {@link #toString()} leaves it out. Answers nothing.
 */
public record CopyableTextRequest(String title, String message, String text) implements DialogRequest<Boolean> {
    @Override
    public String toString() {
        return "CopyableTextRequest[" + title + "]";
    }
}
