package dev.familiar.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptConfigTest {
    static final Path HOME = Path.of("/home/someone");

    @Test
    void byDefaultDeploymentsNeedAnAdminsApproval() {
        PromptFunctionSettings prompts = ConfigLoader.load(Map.of(), HOME).prompts();
        assertThat(prompts.approvalRequired()).isTrue();
        assertThat(prompts.approverRoles()).containsExactly(Role.ADMIN);
    }

    @Test
    void approvalCanBeTurnedOffAndApproversWidened() {
        PromptFunctionSettings prompts = ConfigLoader.load(Map.of("FAMILIAR_PROMPT_APPROVAL", "off",
                "FAMILIAR_PROMPT_APPROVER_ROLES", "admin, PROMPT_ENGINEER"), HOME).prompts();
        assertThat(prompts.approvalRequired()).isFalse();
        assertThat(prompts.approverRoleNames()).containsExactly("ADMIN", "PROMPT_ENGINEER");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_PROMPT_APPROVAL", "maybe"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_PROMPT_APPROVAL");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_PROMPT_APPROVER_ROLES", "ADMIN,USER"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_PROMPT_APPROVER_ROLES")
                .hasMessageContaining("USER");
    }
}
