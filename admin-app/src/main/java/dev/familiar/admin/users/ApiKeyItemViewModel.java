package dev.familiar.admin.users;

import dev.familiar.admin.users.UsersApi.ApiKeySummary;
import java.time.Instant;

/** One row of a user's API keys: never the key itself, only its prefix. */
public record ApiKeyItemViewModel(ApiKeySummary key, Instant now) {

    public String id() {
        return key.id();
    }

    public String name() {
        return key.name();
    }

    /** "famk_ab12…": enough to recognise a key, never enough to use it. */
    public String prefixText() {
        return key.keyPrefix() == null ? "" : key.keyPrefix() + "…";
    }

    public String role() {
        return key.role() == null ? "USER" : key.role();
    }

    public String createdText() {
        return UserItemViewModel.date(key.createdAt());
    }

    public String expiresText() {
        return key.expiresAt() == null ? "never" : UserItemViewModel.date(key.expiresAt());
    }

    /** "active", "revoked 2030-05-01" or "expired". */
    public String stateText() {
        if (key.revokedAt() != null) {
            return "revoked " + UserItemViewModel.date(key.revokedAt());
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
            return "expired";
        }
        return "active";
    }

    /** Whether revoking it still means something. */
    public boolean isActive() {
        return "active".equals(stateText());
    }
}
