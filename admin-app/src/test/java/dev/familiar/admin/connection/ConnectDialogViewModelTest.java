package dev.familiar.admin.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.admin.connection.ConnectDialogViewModel.AuthMethod;
import org.junit.jupiter.api.Test;

class ConnectDialogViewModelTest {
    private final ConnectDialogViewModel dialog = new ConnectDialogViewModel("");

    @Test
    void emptyAddressIsNotValid() {
        assertThat(dialog.validProperty().get()).isFalse();
        assertThat(dialog.problemProperty().get()).startsWith("Enter the server's address");
    }

    @Test
    void addressWithoutHttpSchemeIsNotValid() {
        dialog.urlProperty().set("ftp://familiar.example.com");

        assertThat(dialog.problemProperty().get()).isEqualTo("The address must start with http:// or https://");
    }

    @Test
    void addressWithoutHostIsNotValid() {
        dialog.urlProperty().set("https://");

        assertThat(dialog.validProperty().get()).isFalse();
    }

    @Test
    void httpAddressWithoutCredentialIsValid() {
        dialog.urlProperty().set("http://127.0.0.1:8080");

        assertThat(dialog.validProperty().get()).isTrue();
        assertThat(dialog.problemProperty().get()).isEmpty();
    }

    @Test
    void suggestedAddressIsPrefilled() {
        assertThat(new ConnectDialogViewModel("https://a.example").urlProperty().get()).isEqualTo("https://a.example");
    }

    @Test
    void settingsKeepTheAddressWithoutSurroundingBlanksOrTrailingSlash() {
        dialog.urlProperty().set("  https://familiar.example.com/api/ ");

        assertThat(dialog.toSettings())
                .isEqualTo(ConnectionSettings.remote("https://familiar.example.com/api", Credential.none()));
    }

    @Test
    void usernameAndPasswordNeedBoth() {
        dialog.urlProperty().set("https://familiar.example.com");
        dialog.authMethodProperty().set(AuthMethod.USERNAME_PASSWORD);
        dialog.usernameProperty().set("admin");

        assertThat(dialog.problemProperty().get()).isEqualTo("Enter the password.");
    }

    @Test
    void usernameAndPasswordBecomeAPasswordCredential() {
        dialog.urlProperty().set("https://familiar.example.com");
        dialog.authMethodProperty().set(AuthMethod.USERNAME_PASSWORD);
        dialog.usernameProperty().set(" admin ");
        dialog.passwordProperty().set("s3cret pass");

        assertThat(((ConnectionSettings.Remote) dialog.toSettings()).credential())
                .isEqualTo(Credential.password("admin", "s3cret pass"));
    }

    @Test
    void apiKeyIsRequiredWhenChosen() {
        dialog.urlProperty().set("https://familiar.example.com");
        dialog.authMethodProperty().set(AuthMethod.API_KEY);

        assertThat(dialog.problemProperty().get()).isEqualTo("Enter the API key.");
    }

    @Test
    void apiKeyBecomesAnApiKeyCredential() {
        dialog.urlProperty().set("https://familiar.example.com");
        dialog.authMethodProperty().set(AuthMethod.API_KEY);
        dialog.apiKeyProperty().set(" famk_live_123 ");

        assertThat(((ConnectionSettings.Remote) dialog.toSettings()).credential())
                .isEqualTo(Credential.apiKey("famk_live_123"));
    }

    @Test
    void forgettingSecretsEmptiesPasswordAndApiKeyButNotTheSettingsAlreadyMade() {
        dialog.urlProperty().set("https://familiar.example.com");
        dialog.authMethodProperty().set(AuthMethod.USERNAME_PASSWORD);
        dialog.usernameProperty().set("ops");
        dialog.passwordProperty().set("s3cret pass");
        dialog.apiKeyProperty().set("famk_left_over");
        ConnectionSettings settings = dialog.toSettings();

        dialog.forgetSecrets();

        assertThat(dialog.passwordProperty().get()).isEmpty();
        assertThat(dialog.apiKeyProperty().get()).isEmpty();
        assertThat(dialog.usernameProperty().get()).isEqualTo("ops");
        assertThat(((ConnectionSettings.Remote) settings).credential()).isEqualTo(Credential.password("ops", "s3cret pass"));
    }

    @Test
    void fieldsOfAnotherMethodAreNotSent() {
        dialog.urlProperty().set("https://familiar.example.com");
        dialog.apiKeyProperty().set("left over");

        assertThat(((ConnectionSettings.Remote) dialog.toSettings()).credential()).isEqualTo(Credential.none());
    }

    @Test
    void invalidFieldsCannotBecomeSettings() {
        assertThatThrownBy(dialog::toSettings).isInstanceOf(IllegalStateException.class);
    }
}
