package dev.familiar.admin.session;

import dev.familiar.model.client.FamiliarClient;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The console's one view of "the server we talk to now": the typed client of the current connection, and a
 * generation number that grows with every connect and disconnect. Screens never keep a client: their view models
 * take a narrow API through {@link #api(Function)}, which reads the current client at call time, and the screen
 * host shows the current screen again (reloading it) whenever the generation changes.
 *
 * <p>Properties change on the UI thread only; {@link #client()} may be read from background work.
 */
public final class SessionState {
    private volatile FamiliarClient client;
    private final ReadOnlyLongWrapper generation = new ReadOnlyLongWrapper(0);
    private final ReadOnlyStringWrapper signedInAs = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<String>> roles = new ReadOnlyObjectWrapper<>(List.of());

    /** A connection is now current; {@code user} says who the console acts as ("admin (ADMIN)"), may be empty. */
    public void connected(FamiliarClient client, String user) {
        connected(client, user, List.of());
    }

    /**
     * A connection is now current, signed in as {@code user} with {@code roles} (empty when unknown, as with an API
     * key).
     */
    public void connected(FamiliarClient client, String user, List<String> roles) {
        this.client = Objects.requireNonNull(client, "client");
        signedInAs.set(user == null ? "" : user);
        this.roles.set(roles == null ? List.of() : List.copyOf(roles));
        generation.set(generation.get() + 1);
    }

    /** No connection is current any more. */
    public void disconnected() {
        if (client == null && generation.get() > 0 && signedInAs.get().isEmpty()) {
            return;
        }
        client = null;
        signedInAs.set("");
        roles.set(List.of());
        generation.set(generation.get() + 1);
    }

    /** The current client. */
    public FamiliarClient client() {
        FamiliarClient current = client;
        if (current == null) {
            throw new NotConnectedException();
        }
        return current;
    }

    public boolean isConnected() {
        return client != null;
    }

    /**
     * A narrow API for a view model, read from the current client each time it is asked for:
     * {@code session.api(c -> new ClientCatalogApi(c.catalog()))}.
     */
    public <A> Supplier<A> api(Function<FamiliarClient, A> area) {
        Objects.requireNonNull(area, "area");
        return () -> area.apply(client());
    }

    public ReadOnlyLongProperty generationProperty() {
        return generation.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty signedInAsProperty() {
        return signedInAs.getReadOnlyProperty();
    }

    /** The signed-in user's roles ("ADMIN", "PROMPT_ENGINEER"); empty when unknown or not connected. */
    public ReadOnlyObjectProperty<List<String>> rolesProperty() {
        return roles.getReadOnlyProperty();
    }

    /** Thrown by {@link #client()} while no server is connected. */
    public static final class NotConnectedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public NotConnectedException() {
            super("Not connected to a server");
        }
    }
}
