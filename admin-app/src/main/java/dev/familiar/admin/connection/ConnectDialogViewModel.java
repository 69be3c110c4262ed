package dev.familiar.admin.connection;

import dev.familiar.admin.connection.entra.MicrosoftSignInViewModel;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.binding.StringBinding;
import javafx.beans.binding.StringExpression;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Connect to a remote server" dialog: an address and, optionally, a username and password (used
 * once, to log in while connecting) or an API key (sent as {@code Authorization: Bearer}). The fields
 * are writable because the operator edits them; validity and the problem to show are derived.
 * Credentials stay in memory, and {@link #forgetSecrets()} drops them once the dialog has closed.
 * Use on the UI thread only.
 */
public final class ConnectDialogViewModel {

    /** How the console authenticates to the remote server. */
    public enum AuthMethod { NONE, USERNAME_PASSWORD, API_KEY, MICROSOFT }

    private final StringProperty url = new SimpleStringProperty("");
    private final ObjectProperty<AuthMethod> authMethod = new SimpleObjectProperty<>(AuthMethod.NONE);
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty apiKey = new SimpleStringProperty("");
    private final StringBinding problem;
    private final BooleanBinding valid;
    private final Optional<MicrosoftSignInViewModel> microsoft;

    public ConnectDialogViewModel(String suggestedUrl) {
        this(suggestedUrl, null);
    }

    /** With "Sign in with Microsoft", offered when the server says it takes Entra accounts ({@code microsoft} may be null). */
    public ConnectDialogViewModel(String suggestedUrl, MicrosoftSignInViewModel microsoft) {
        this.microsoft = Optional.ofNullable(microsoft);
        url.set(suggestedUrl == null ? "" : suggestedUrl);
        problem = this.microsoft.map(m -> Bindings.createStringBinding(this::findProblem, url, authMethod, username,
                        password, apiKey, m.signedInProperty(), m.availableProperty()))
                .orElseGet(() -> Bindings.createStringBinding(this::findProblem, url, authMethod, username, password, apiKey));
        valid = problem.isEmpty();
        this.microsoft.ifPresent(m -> m.availableProperty().addListener((obs, was, is) -> {
            if (!is && authMethod.get() == AuthMethod.MICROSOFT) {
                authMethod.set(AuthMethod.USERNAME_PASSWORD);
            }
        }));
    }

    /** The Microsoft sign-in, when this dialog offers it. */
    public Optional<MicrosoftSignInViewModel> microsoft() {
        return microsoft;
    }

    /** Asks the server at the address entered whether it takes Entra accounts (when the address is valid). */
    public void checkServer() {
        if (urlProblem(url.get()).isEmpty()) {
            microsoft.ifPresent(m -> m.checkServer(normalizedUrl(url.get())));
        }
    }

    /** Signs in with Microsoft at the address entered (the server must have said it offers it). */
    public void signInWithMicrosoft() {
        checkServer();
        microsoft.ifPresent(MicrosoftSignInViewModel::signIn);
    }

    /**
     * The settings the dialog describes.
     *
     * @throws IllegalStateException when the fields are not valid
     */
    public ConnectionSettings toSettings() {
        String reason = problem.get();
        if (!reason.isEmpty()) {
            throw new IllegalStateException(reason);
        }
        Credential credential = switch (authMethod.get()) {
            case NONE -> Credential.none();
            case USERNAME_PASSWORD -> Credential.password(username.get().trim(), password.get());
            case API_KEY -> Credential.apiKey(apiKey.get().trim());
            case MICROSOFT -> Credential.signedIn(microsoft.flatMap(m -> m.signedInAt(normalizedUrl(url.get())))
                    .orElseThrow(() -> new IllegalStateException("not signed in with Microsoft")));
        };
        return ConnectionSettings.remote(normalizedUrl(url.get()), credential);
    }

    /** Empties the password and API key fields, so the dialog keeps no secret once it has given its result. */
    public void forgetSecrets() {
        password.set("");
        apiKey.set("");
        microsoft.ifPresent(MicrosoftSignInViewModel::forget);
    }

    private String findProblem() {
        Optional<String> urlProblem = urlProblem(url.get());
        if (urlProblem.isPresent()) {
            return urlProblem.get();
        }
        AuthMethod method = authMethod.get() == null ? AuthMethod.NONE : authMethod.get();
        return switch (method) {
            case NONE -> "";
            case USERNAME_PASSWORD -> blank(username.get()) ? "Enter the username."
                    : password.get() == null || password.get().isEmpty() ? "Enter the password." : "";
            case API_KEY -> blank(apiKey.get()) ? "Enter the API key." : "";
            case MICROSOFT -> microsoft.isEmpty() || !microsoft.get().availableProperty().get()
                    ? "This server does not offer sign-in with Microsoft."
                    : microsoft.get().signedInAt(normalizedUrl(url.get())).isEmpty()
                    ? "Sign in with Microsoft first." : "";
        };
    }

    static Optional<String> urlProblem(String text) {
        if (blank(text)) {
            return Optional.of("Enter the server's address, for example https://familiar.example.com");
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.of("The address must start with http:// or https://");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return Optional.of("The address must name a host, for example https://familiar.example.com");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                return Optional.of("The address must not contain ? or #");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("Not a valid address: " + e.getReason());
        }
    }

    /** Trimmed, without a trailing slash, so the status bar shows the address as the operator knows it. */
    static String normalizedUrl(String text) {
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    public StringProperty urlProperty() {
        return url;
    }

    public ObjectProperty<AuthMethod> authMethodProperty() {
        return authMethod;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    /** Whether the dialog can connect with what was entered. */
    public BooleanExpression validProperty() {
        return valid;
    }

    /** What is missing or wrong, or empty. */
    public StringExpression problemProperty() {
        return problem;
    }
}
