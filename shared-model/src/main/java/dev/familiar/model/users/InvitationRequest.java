package dev.familiar.model.users;

import java.util.List;

/**
 * {@code POST /api/admin/users/invitations}: an account for {@code email} (also its username) in {@code tenantId}
 * (the caller's own tenant when absent) with {@code roles} ({@code USER}, {@code TENANT_ADMIN}, {@code ADMIN}).
 */
public record InvitationRequest(String email, String tenantId, List<String> roles) {
}
