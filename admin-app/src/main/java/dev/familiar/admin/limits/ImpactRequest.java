package dev.familiar.admin.limits;

import dev.familiar.admin.dialogs.DialogRequest;
import dev.familiar.model.tokens.SettingsImpact;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * "What changes for whom" before a token setting is applied: the server's preview of the change (its lines, the users
 * and tenants it touches, the quotas it would leave exhausted), notes the screen knows itself (e.g. "already used
 * this window"), and how soon the change reaches every server. Answers {@code true} when the operator applies it,
 * nothing when they cancel. Rendered by {@link LimitsDialogs} ({@code #impactDialog}).
 *
 * @param header         "Change the tenant limit of Acme?"
 * @param impact         the server's preview
 * @param notes          what the screen adds (highlighted)
 * @param refreshSeconds how soon every server applies the change (0: unknown)
 * @param confirmText    the apply button's text
 */
public record ImpactRequest(String title, String header, SettingsImpact impact, List<String> notes,
                            int refreshSeconds, String confirmText) implements DialogRequest<Boolean> {
    public ImpactRequest {
        Objects.requireNonNull(impact, "impact");
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The preview's lines as table rows. */
    public List<ImpactLineItem> items() {
        return impact.lines().stream().map(ImpactLineItem::new).toList();
    }

    /** "12 users and 1 tenant affected". */
    public String summary() {
        return count(impact.usersAffected(), "user") + " and " + count(impact.tenantsAffected(), "tenant")
                + " affected";
    }

    /** "2 quotas would be exhausted", empty when none. */
    public String exhaustedText() {
        return impact.quotasExhausted() <= 0 ? ""
                : count(impact.quotasExhausted(), "quota") + " would be exhausted in the current window";
    }

    /** "Applies on every server within 30 seconds." */
    public String refreshText() {
        return LimitsFormat.refresh(refreshSeconds);
    }

    static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d", n) + " " + noun + (n == 1 ? "" : "s");
    }
}
