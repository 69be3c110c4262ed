package dev.familiar.server.users.admin;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.Identity;
import dev.familiar.server.auth.Role;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Test helper: accounts made directly in a running server's database (cheap hashes), and typed clients as them. */
final class UserFixture {
    static final String PLATFORM_TENANT = "00000000-0000-0000-0000-000000000001";
    private static final String CHEAP_HASH = new PasswordHasher(1_000).hash(Identity.PASSWORD.toCharArray());

    private final FamiliarServer server;
    final Identity identity;

    UserFixture(FamiliarServer server) {
        this.server = server;
        this.identity = new Identity(server);
    }

    /** A new tenant (the personal tenant of a registered user) and that user's account. */
    Identity.Account tenantOwner(String username) {
        return identity.register(username);
    }

    /** A user created in the database with the usual test password (or {@code passwordHash}), not logged in. */
    String create(String username, String tenantId, String passwordHash, Role... roles) throws Exception {
        String id = UUID.randomUUID().toString();
        Set<Role> set = roles.length == 0 ? EnumSet.of(Role.USER) : EnumSet.of(roles[0], roles);
        new UserStore(identity.dataSource()).create(new User(id, tenantId, username, Optional.of(username + "@example.com"),
                passwordHash == null ? CHEAP_HASH : passwordHash, set, false, Instant.now()));
        return id;
    }

    String create(String username, String tenantId, Role... roles) throws Exception {
        return create(username, tenantId, null, roles);
    }

    /** An account created and logged in: its id, tenant and token. */
    Identity.Account login(String username, String tenantId, Role... roles) throws Exception {
        create(username, tenantId, roles);
        return identity.login(username, Identity.PASSWORD);
    }

    FamiliarClient client(Identity.Account account) {
        return FamiliarClient.connect(server.baseUrl()).withBearer(account.token());
    }

    FamiliarClient client(String bearer) {
        return FamiliarClient.connect(server.baseUrl()).withBearer(bearer);
    }
}
