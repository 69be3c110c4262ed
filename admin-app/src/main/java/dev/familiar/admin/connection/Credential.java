package dev.familiar.admin.connection;

import dev.familiar.model.auth.LoginResponse;
import java.util.Objects;

/**
 * How the console proves who it is to a remote server. A username and password are sent once, to
 * {@code POST /api/v1/auth/login}, when connecting; the calls after that carry the session token the server
 * answers with. An API key is sent as {@code Authorization: Bearer} with every call. Held in memory only: it is
 * never written to disk, and {@link #toString()} never shows the secret.
 *
 * @param kind     none, username and password, or an API key
 * @param username the username for {@link Kind#PASSWORD}, empty otherwise
 * @param secret   the password or API key, empty for {@link Kind#NONE} (and for a password once it has been
 *                 used, see {@link #withoutPassword()})
 * @param signedIn for {@link Kind#SIGNED_IN}: the server's answer to a sign-in made before connecting (Microsoft
 *                 Entra); its token is used like a password login's, then dropped with {@link #withoutPassword()}
 */
public record Credential(Kind kind, String username, String secret, LoginResponse signedIn) {

    public enum Kind { NONE, PASSWORD, API_KEY, SIGNED_IN }

    public Credential {
        Objects.requireNonNull(kind, "kind");
        username = username == null ? "" : username;
        secret = secret == null ? "" : secret;
        if (kind == Kind.SIGNED_IN) {
            Objects.requireNonNull(signedIn, "signedIn");
        }
    }

    public Credential(Kind kind, String username, String secret) {
        this(kind, username, secret, null);
    }

    /** A session the server already issued (Entra sign-in in the connect dialog): no login call when connecting. */
    public static Credential signedIn(LoginResponse login) {
        return new Credential(Kind.SIGNED_IN, login.username(), "", login);
    }

    public static Credential none() {
        return new Credential(Kind.NONE, "", "");
    }

    /** A username and password to log in with once, when connecting. */
    public static Credential password(String username, String password) {
        return new Credential(Kind.PASSWORD, username, password);
    }

    /** An API key ({@code famk_…}), sent as {@code Authorization: Bearer} with every call. */
    public static Credential apiKey(String apiKey) {
        return new Credential(Kind.API_KEY, "", apiKey);
    }

    /**
     * This credential without its password, which is all a connection keeps once it has logged in: the
     * password is needed only for the login call. Other kinds are returned unchanged.
     */
    public Credential withoutPassword() {
        return switch (kind) {
            case PASSWORD -> new Credential(Kind.PASSWORD, username, "");
            case SIGNED_IN -> new Credential(Kind.SIGNED_IN, username, "", new LoginResponse(signedIn.userId(),
                    signedIn.username(), "", signedIn.roles(), signedIn.expiresAt(), signedIn.mustChangePassword()));
            default -> this;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "Credential[none]";
            case PASSWORD -> "Credential[password, username=" + username + ", password=***]";
            case API_KEY -> "Credential[API key ***]";
            case SIGNED_IN -> "Credential[signed in with Microsoft, username=" + username + ", token=***]";
        };
    }
}
