package dev.familiar.admin.directory;

import dev.familiar.model.directory.DirectoryUser;
import java.util.Objects;

/** One row of a members (or directory search) table: a person of the directory. */
public record MemberItemViewModel(DirectoryUser user) {
    public MemberItemViewModel {
        Objects.requireNonNull(user, "user");
    }

    public String id() {
        return user.id();
    }

    /** The display name, else the e-mail address, else the id. */
    public String displayName() {
        if (user.displayName() != null && !user.displayName().isBlank()) {
            return user.displayName();
        }
        return user.email() != null && !user.email().isBlank() ? user.email() : user.id();
    }

    public String email() {
        return user.email() == null ? "" : user.email();
    }

    /** "Ana Ops <ana@example.com>", or the one of them there is. */
    public String describe() {
        String email = email();
        return email.isEmpty() || email.equals(displayName()) ? displayName() : displayName() + " <" + email + ">";
    }
}
