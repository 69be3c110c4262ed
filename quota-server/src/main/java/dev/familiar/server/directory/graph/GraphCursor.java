package dev.familiar.server.directory.graph;

import dev.familiar.server.directory.DirectoryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Our page cursor: an opaque encoding of Graph's {@code @odata.nextLink}, tagged with the listing it belongs to.
 * Decoding checks that the link lies under the configured Graph URL (same scheme, host, port and path prefix), so a
 * made-up cursor can never send our bearer token to a URL a caller chose.
 */
final class GraphCursor {
    private static final String PREFIX = "g1.";

    private final URI base;

    GraphCursor(String graphUrl) {
        this.base = URI.create(graphUrl);
    }

    /** The cursor of the page after this one, or empty when Graph gave no next link. */
    Optional<String> encode(String listing, String nextLink) {
        if (nextLink == null || nextLink.isBlank()) {
            return Optional.empty();
        }
        byte[] raw = (listing + "\n" + nextLink).getBytes(StandardCharsets.UTF_8);
        return Optional.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    }

    /** The next link inside {@code cursor}, if it was made for {@code listing} and points under the Graph URL. */
    String decode(String listing, String cursor) throws DirectoryException {
        if (cursor == null || !cursor.startsWith(PREFIX)) {
            throw refused();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        int newline = text.indexOf('\n');
        if (newline < 0 || !text.substring(0, newline).equals(listing)) {
            throw refused();
        }
        String link = text.substring(newline + 1);
        if (!underBase(link)) {
            throw refused();
        }
        return link;
    }

    boolean underBase(String link) {
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || uri.getHost() == null) {
            return false;
        }
        String path = uri.getRawPath();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        return uri.getScheme().equalsIgnoreCase(base.getScheme())
                && uri.getHost().toLowerCase(Locale.ROOT).equals(base.getHost().toLowerCase(Locale.ROOT))
                && port(uri) == port(base)
                && path != null && path.startsWith(basePath + "/")
                && !path.contains("%") && !path.contains("\\") && !path.contains("//")
                && uri.normalize().getRawPath().equals(path);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static DirectoryException refused() {
        return new DirectoryException(DirectoryException.Kind.INVALID,
                "the cursor was not made by this directory listing; start again from the first page");
    }
}
