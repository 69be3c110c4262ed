package dev.familiar.admin.connection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How the console proves who it is to a remote server. Held in memory only: it is never written to
 * disk, and {@link #toString()} never shows the secret.
 *
 * @param kind     none, username and password ({@code Basic}), or an API key ({@code Bearer})
 * @param username the username for {@link Kind#BASIC}, empty otherwise
 * @param secret   the password or API key, empty for {@link Kind#NONE}
 */
public record Credential(Kind kind, String username, String secret) {

    public enum Kind { NONE, BASIC, BEARER }

    public Credential {
        Objects.requireNonNull(kind, "kind");
        username = username == null ? "" : username;
        secret = secret == null ? "" : secret;
    }

    public static Credential none() {
        return new Credential(Kind.NONE, "", "");
    }

    public static Credential basic(String username, String password) {
        return new Credential(Kind.BASIC, username, password);
    }

    public static Credential bearer(String apiKey) {
        return new Credential(Kind.BEARER, "", apiKey);
    }

    /** The value of the {@code Authorization} header to send, if any. */
    public Optional<String> authorizationHeader() {
        return switch (kind) {
            case NONE -> Optional.empty();
            case BASIC -> Optional.of("Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
            case BEARER -> Optional.of("Bearer " + secret);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "Credential[none]";
            case BASIC -> "Credential[basic, username=" + username + ", password=***]";
            case BEARER -> "Credential[API key ***]";
        };
    }
}
