package dev.familiar.server.users.admin;

import dev.familiar.model.users.UserStatus;
import dev.familiar.model.users.UserView;
import dev.familiar.server.auth.Role;
import dev.familiar.server.users.User;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A user account with what administration adds to it: when it was locked, when it was deleted. */
public record Account(User user, Optional<Instant> lockedAt, Optional<Instant> deletedAt) {
    /** The password hash of a deleted account: no password verifies against it. */
    public static final String DELETED_PASSWORD = "!deleted";
    /** The username prefix of deleted accounts; no registered username can contain {@code :}. */
    public static final String DELETED_PREFIX = "deleted:";

    public String id() {
        return user.id();
    }

    public String tenantId() {
        return user.tenantId();
    }

    public Set<Role> roles() {
        return user.roles();
    }

    public boolean isDeleted() {
        return deletedAt.isPresent();
    }

    public boolean isLocked() {
        return lockedAt.isPresent();
    }

    public UserStatus status() {
        if (isDeleted()) {
            return UserStatus.DELETED;
        }
        if (isLocked()) {
            return UserStatus.LOCKED;
        }
        if (user.isInvited()) {
            return UserStatus.INVITED;
        }
        if (user.isExternal()) {
            return UserStatus.EXTERNAL;
        }
        return UserStatus.ACTIVE;
    }

    /** An ADMIN who can act: not deleted, not locked, not waiting for an invitation to be accepted. */
    public boolean isActiveAdmin() {
        return roles().contains(Role.ADMIN) && status() == UserStatus.ACTIVE;
    }

    public Account withRoles(Set<Role> roles) {
        return new Account(new User(user.id(), user.tenantId(), user.username(), user.email(), user.passwordHash(),
                roles, user.mustChangePassword(), user.createdAt()), lockedAt, deletedAt);
    }

    public Account withLockedAt(Optional<Instant> at) {
        return new Account(user, at, deletedAt);
    }

    /** The account with its personal data removed: anonymous name, no e-mail, no usable password, role USER. */
    public Account deleted(Instant at) {
        return new Account(new User(user.id(), user.tenantId(), DELETED_PREFIX + user.id(), Optional.empty(),
                DELETED_PASSWORD, Set.of(Role.USER), false, user.createdAt()), lockedAt, Optional.of(at));
    }

    public UserView view() {
        return new UserView(user.id(), user.tenantId(), user.username(), user.email().orElse(null),
                roles().stream().map(Role::name).sorted().toList(), status(), user.mustChangePassword(),
                user.createdAt(), lockedAt.orElse(null));
    }
}
