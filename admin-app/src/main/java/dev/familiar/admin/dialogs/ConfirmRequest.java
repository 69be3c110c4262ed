package dev.familiar.admin.dialogs;

import java.util.List;

/**
 * Asks the operator to confirm an action after reading what it will do (a plan change's proration, a refund's
 * amount); answers {@code true} when confirmed, nothing when cancelled.
 *
 * @param header      one line saying what will happen
 * @param lines       the details to read first (amounts, dates), one per line
 * @param confirmText the confirm button's text ("Cancel subscription now")
 * @param destructive whether the action cannot be undone (the button is styled as dangerous)
 */
public record ConfirmRequest(String title, String header, List<String> lines, String confirmText, boolean destructive)
        implements DialogRequest<Boolean> {
    public ConfirmRequest {
        lines = List.copyOf(lines);
    }
}
