package dev.familiar.admin.users;

import dev.familiar.admin.users.UsersApi.UserSummary;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One row of the users table: the account and the texts its columns show. */
public record UserItemViewModel(UserSummary user) {
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.systemDefault());

    public String id() {
        return user.id();
    }

    public String username() {
        return user.username();
    }

    public String email() {
        return user.email() == null ? "" : user.email();
    }

    public String tenantId() {
        return user.tenantId() == null ? "" : user.tenantId();
    }

    /** "ADMIN, USER". */
    public String rolesText() {
        return String.join(", ", user.roles());
    }

    /** The status, and that the user must change their password when they must. */
    public String statusText() {
        String status = user.status() == null ? "" : user.status();
        return user.mustChangePassword() && "ACTIVE".equals(status) ? status + " (must change password)" : status;
    }

    public String createdText() {
        return user.createdAt() == null ? "" : DATE.format(user.createdAt());
    }

    public boolean isLocked() {
        return user.isLocked();
    }

    static String format(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }
}
