package dev.familiar.server.config;

import dev.familiar.server.auth.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Deployments of prompt functions: whether a deployment waits for a second person's approval
 * ({@code FAMILIAR_PROMPT_APPROVAL=required|off}) and which roles may approve ({@code FAMILIAR_PROMPT_APPROVER_ROLES},
 * ADMIN and/or PROMPT_ENGINEER). With approval off a requested deployment is active at once (one-person teams).
 */
public record PromptFunctionSettings(boolean approvalRequired, Set<Role> approverRoles) {
    /** The roles that may be named as approvers: the ones that reach the Prompt Lab's routes at all. */
    public static final Set<Role> APPROVER_CANDIDATES = EnumSet.of(Role.ADMIN, Role.PROMPT_ENGINEER);

    public PromptFunctionSettings {
        Objects.requireNonNull(approverRoles, "approverRoles");
        if (approverRoles.isEmpty() || !APPROVER_CANDIDATES.containsAll(approverRoles)) {
            throw new IllegalArgumentException("approverRoles must be one or more of ADMIN, PROMPT_ENGINEER");
        }
        approverRoles = Set.copyOf(approverRoles);
    }

    /** Approval required, by an ADMIN. */
    public static PromptFunctionSettings defaults() {
        return new PromptFunctionSettings(true, EnumSet.of(Role.ADMIN));
    }

    public PromptFunctionSettings withApproval(boolean required) {
        return new PromptFunctionSettings(required, approverRoles);
    }

    public PromptFunctionSettings withApproverRoles(Role... roles) {
        return new PromptFunctionSettings(approvalRequired, Set.of(roles));
    }

    /** The approver roles in a stable order (ADMIN first), for status answers and logs. */
    public List<String> approverRoleNames() {
        return approverRoles.stream().sorted().map(Role::name).toList();
    }
}
