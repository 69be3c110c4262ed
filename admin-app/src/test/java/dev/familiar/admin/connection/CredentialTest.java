package dev.familiar.admin.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialTest {

    @Test
    void usernameAndPasswordAreAPasswordCredential() {
        Credential credential = Credential.password("ops", "open sesame");

        assertThat(credential.kind()).isEqualTo(Credential.Kind.PASSWORD);
        assertThat(credential.username()).isEqualTo("ops");
        assertThat(credential.secret()).isEqualTo("open sesame");
    }

    @Test
    void withoutPasswordKeepsOnlyTheUsername() {
        Credential used = Credential.password("ops", "open sesame").withoutPassword();

        assertThat(used).isEqualTo(new Credential(Credential.Kind.PASSWORD, "ops", ""));
        assertThat(used).isNotEqualTo(Credential.password("ops", "open sesame"));
    }

    @Test
    void withoutPasswordLeavesOtherKindsAlone() {
        assertThat(Credential.apiKey("famk_123").withoutPassword()).isEqualTo(Credential.apiKey("famk_123"));
        assertThat(Credential.none().withoutPassword()).isEqualTo(Credential.none());
    }

    @Test
    void textFormNeverShowsTheSecret() {
        assertThat(Credential.password("admin", "hunter2-long").toString()).contains("admin").doesNotContain("hunter2");
        assertThat(Credential.apiKey("famk_live_123").toString()).doesNotContain("famk_live_123");
        assertThat(ConnectionSettings.remote("https://x.example", Credential.apiKey("famk_live_123")).toString())
                .doesNotContain("famk_live_123");
        assertThat(ConnectionSettings.remote("https://x.example", Credential.password("ops", "hunter2-long")).toString())
                .doesNotContain("hunter2");
    }
}
