package dev.familiar.admin.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialTest {

    @Test
    void noCredentialSendsNoHeader() {
        assertThat(Credential.none().authorizationHeader()).isEmpty();
    }

    @Test
    void usernameAndPasswordAreSentAsBasic() {
        assertThat(Credential.basic("Aladdin", "open sesame").authorizationHeader())
                .contains("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void apiKeyIsSentAsBearer() {
        assertThat(Credential.bearer("fam_live_123").authorizationHeader()).contains("Bearer fam_live_123");
    }

    @Test
    void textFormNeverShowsTheSecret() {
        assertThat(Credential.basic("admin", "hunter2-long").toString()).contains("admin").doesNotContain("hunter2");
        assertThat(Credential.bearer("fam_live_123").toString()).doesNotContain("fam_live_123");
        assertThat(ConnectionSettings.remote("https://x.example", Credential.bearer("fam_live_123")).toString())
                .doesNotContain("fam_live_123");
    }
}
