package dev.familiar.server;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.Identity.Account;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed clients of one running server for route tests, so that the tests call the routes as the console does; close
 * it to close every client it opened.
 */
public final class TypedClients implements AutoCloseable {
    private final FamiliarClient anonymous;
    private final List<FamiliarClient> opened = new ArrayList<>();

    public TypedClients(FamiliarServer server) {
        this.anonymous = FamiliarClient.connect(server.baseUrl());
    }

    /** A client without credentials. */
    public FamiliarClient anonymous() {
        return anonymous;
    }

    /** A client acting as {@code account} (its bearer token). */
    public synchronized FamiliarClient as(Account account) {
        FamiliarClient client = anonymous.withBearer(account.token());
        opened.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        opened.forEach(FamiliarClient::close);
        anonymous.close();
    }
}
