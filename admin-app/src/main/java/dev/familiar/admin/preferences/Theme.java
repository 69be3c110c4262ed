package dev.familiar.admin.preferences;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;

/** The console's light and dark themes (AtlantaFX Primer). */
public enum Theme {
    LIGHT, DARK;

    /** The theme named {@code text} (any case), light for anything else. */
    public static Theme parse(String text) {
        return "DARK".equals(text == null ? "" : text.trim().toUpperCase(Locale.ROOT)) ? DARK : LIGHT;
    }

    /** The other one. */
    public Theme toggled() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** The user-agent stylesheet to install with {@code Application.setUserAgentStylesheet}. */
    public String stylesheet() {
        return this == LIGHT ? new PrimerLight().getUserAgentStylesheet() : new PrimerDark().getUserAgentStylesheet();
    }
}
