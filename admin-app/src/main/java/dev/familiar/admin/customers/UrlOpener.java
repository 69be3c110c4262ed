package dev.familiar.admin.customers;

/**
 * Opens a web page (an invoice's hosted page) in the operator's browser. A port so that view-model and UI tests can
 * see what would be opened without starting a browser; {@link DesktopUrlOpener} is the real one.
 */
@FunctionalInterface
public interface UrlOpener {

    /** Opens {@code url}; throws when no browser can be started (the console then shows the URL to copy). */
    void open(String url) throws Exception;
}
