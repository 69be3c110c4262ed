package dev.familiar.admin.customers;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * Opens pages with {@link Desktop#browse} where the platform supports it, else with the desktop's own opener
 * ({@code xdg-open}, {@code open}). Only http(s) URLs are opened.
 */
public final class DesktopUrlOpener implements UrlOpener {

    @Override
    public void open(String url) throws Exception {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Not a web address: " + url);
        }
        if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            Desktop.getDesktop().browse(uri);
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String command = os.contains("mac") ? "open" : os.contains("win") ? "explorer" : "xdg-open";
        try {
            new ProcessBuilder(command, uri.toString()).inheritIO().start();
        } catch (IOException e) {
            throw new IOException("No browser could be started (" + command + ")", e);
        }
    }
}
