package dev.familiar.server.directory.signin;

import dev.familiar.server.admin.AdminBootstrap;
import dev.familiar.server.auth.Role;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.GroupRoles;
import dev.familiar.server.directory.signin.EntraTokenVerifier.Verification;
import dev.familiar.server.directory.signin.ExternalIdentityStore.LinkedAccount;
import dev.familiar.server.tokens.AccessTokens;
import dev.familiar.server.tokens.IssuedToken;
import dev.familiar.server.users.User;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Signing in with an Entra account: verify the ID token, read the person's groups from the directory (Graph's
 * {@code transitiveMemberOf}, never the token's {@code groups} claim, which stops at 200), turn them into roles through
 * the role mappings, find or create the person's account, and issue our access token with the account's roles and
 * the groups' roles. Nobody gets in whom no group grants a role. Thread-safe.
 *
 * <p>Accounts: the first sign-in creates one in the platform tenant, with the stored role USER, no password
 * ({@link #PASSWORD_MARKER}), named by {@code preferred_username}; when a local account already has that name the
 * new one is {@code entra:<name>} (then {@code entra:<oid>}), so a local account is never taken over. Later sign-ins
 * find the account through {@code external_identity} and never rename it. A locked or deleted account is refused.
 */
public final class EntraSignIn {
    /** The password hash of an account made by Entra sign-in: no password verifies against it. */
    public static final String PASSWORD_MARKER = "!entra";
    /** The prefix of a derived username (the person's name is taken by another account). */
    public static final String DERIVED_PREFIX = "entra:";
    static final int MAX_USERNAME = 320;

    /** What became of one sign-in. */
    public sealed interface Outcome {
    }

    /** Signed in: our token for the account, with {@code roles}. */
    public record SignedIn(User user, Set<Role> roles, IssuedToken token, boolean created) implements Outcome {
    }

    /** The ID token is not acceptable (401); {@code reason} never quotes it. */
    public record BadToken(String reason) implements Outcome {
    }

    /** The token is fine but the person may not use Familiar (403); {@code userId} when an account exists. */
    public record Refused(EntraIdentity identity, Optional<String> userId, Reason reason) implements Outcome {
        public enum Reason { NO_ROLE, LOCKED, DELETED }
    }

    /** Entra (its keys) or the directory (the person's groups) did not answer; try again. */
    public record Unavailable(String message, Optional<DirectoryException> cause) implements Outcome {
    }

    private final EntraTokenVerifier verifier;
    private final Directory directory;
    private final GroupRoles groupRoles;
    private final ExternalIdentityStore identities;
    private final AccessTokens tokens;
    private final Clock clock;

    public EntraSignIn(EntraTokenVerifier verifier, Directory directory, GroupRoles groupRoles,
                       ExternalIdentityStore identities, AccessTokens tokens, Clock clock) {
        this.verifier = verifier;
        this.directory = directory;
        this.groupRoles = groupRoles;
        this.identities = identities;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Outcome signIn(String idToken) throws SQLException {
        Verification verification = verifier.verify(idToken);
        if (verification instanceof EntraTokenVerifier.Rejected r) {
            return new BadToken(r.reason());
        }
        if (verification instanceof EntraTokenVerifier.KeysUnavailable k) {
            return new Unavailable(k.reason(), Optional.empty());
        }
        EntraIdentity identity = ((EntraTokenVerifier.Accepted) verification).identity();
        Set<Role> granted;
        try {
            granted = groupRoles.rolesOf(directory.groupIdsOf(identity.objectId()));
        } catch (DirectoryException e) {
            return new Unavailable(e.getMessage(), Optional.of(e));
        }
        Instant now = clock.instant();
        Optional<LinkedAccount> linked = identities.find(ExternalIdentityStore.ENTRA, identity.tenantId(),
                identity.objectId(), now);
        if (linked.isPresent()) {
            LinkedAccount account = linked.get();
            if (account.deleted()) {
                return new Refused(identity, Optional.of(account.user().id()), Refused.Reason.DELETED);
            }
            if (account.locked()) {
                return new Refused(identity, Optional.of(account.user().id()), Refused.Reason.LOCKED);
            }
        }
        if (granted.isEmpty()) {
            return new Refused(identity, linked.map(a -> a.user().id()), Refused.Reason.NO_ROLE);
        }
        boolean created = linked.isEmpty();
        User user = created ? create(identity, now) : linked.get().user();
        Set<Role> roles = EnumSet.copyOf(user.roles().isEmpty() ? Set.of(Role.USER) : user.roles());
        roles.addAll(granted);
        IssuedToken token = tokens.issueForUser(user.id(), user.tenantId(), user.username(), roles);
        return new SignedIn(user, roles, token, created);
    }

    /** The person's account, created now; or the account a concurrent first sign-in of the same person created. */
    private User create(EntraIdentity identity, Instant now) throws SQLException {
        for (String username : usernames(identity)) {
            User user = new User(UUID.randomUUID().toString(), AdminBootstrap.PLATFORM_TENANT_ID, username,
                    Optional.empty(), PASSWORD_MARKER, EnumSet.of(Role.USER), false, now);
            try {
                identities.createLinked(ExternalIdentityStore.ENTRA, identity.tenantId(), identity.objectId(), user);
                return user;
            } catch (ExternalIdentityStore.Taken taken) {
                Optional<LinkedAccount> raced = identities.find(ExternalIdentityStore.ENTRA, identity.tenantId(),
                        identity.objectId(), now);
                if (raced.isPresent()) {
                    return raced.get().user();
                }
                // else only the name was taken: the next candidate
            }
        }
        throw new SQLException("no free username for an Entra account");
    }

    /** The names to try, best first: the person's own, {@code entra:<own>}, {@code entra:<oid>} (always free). */
    static List<String> usernames(EntraIdentity identity) {
        Set<String> names = new LinkedHashSet<>();
        identity.preferredUsername().map(n -> n.trim().toLowerCase(Locale.ROOT))
                .filter(n -> !n.isEmpty() && n.length() <= MAX_USERNAME - DERIVED_PREFIX.length()
                        && !n.startsWith(DERIVED_PREFIX) && !n.startsWith("deleted:") && !n.startsWith("external:")
                        && n.chars().noneMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch)))
                .ifPresent(n -> {
                    names.add(n);
                    names.add(DERIVED_PREFIX + n);
                });
        names.add(DERIVED_PREFIX + identity.objectId().toLowerCase(Locale.ROOT));
        return new ArrayList<>(names);
    }
}
