package dev.familiar.admin.connection.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.connection.ConnectDialogViewModel;
import dev.familiar.admin.connection.ConnectDialogViewModel.AuthMethod;
import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import dev.familiar.admin.testing.ManualExecutor;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The connect dialog's "Sign in with Microsoft", without a screen: fake servers and a fake Entra port. */
class MicrosoftSignInViewModelTest {
    private final FakeEntra entra = new FakeEntra();
    private final ManualExecutor executor = new ManualExecutor();
    private final MicrosoftSignInViewModel microsoft = new MicrosoftSignInViewModel(entra.signIn(), executor);
    private final ConnectDialogViewModel dialog = new ConnectDialogViewModel("", microsoft);

    private void at(String url) {
        dialog.urlProperty().set(url);
        dialog.checkServer();
        executor.runPending();
    }

    @Test
    void aServerThatTakesEntraAccountsIsOfferedTheMicrosoftSignIn() {
        at(FakeEntra.ENTRA_SERVER);

        assertThat(microsoft.availableProperty().get()).isTrue();
    }

    @Test
    void aServerWithoutEntraOrWithoutTheRouteIsNot() {
        at(FakeEntra.PLAIN_SERVER);
        assertThat(microsoft.availableProperty().get()).isFalse();

        at("http://older-server.example");
        assertThat(microsoft.availableProperty().get()).isFalse();
    }

    @Test
    void signingInGivesTheDialogASessionCredentialAndKeepsNoIdToken() {
        at(FakeEntra.ENTRA_SERVER);
        dialog.authMethodProperty().set(AuthMethod.MICROSOFT);
        assertThat(dialog.problemProperty().get()).isEqualTo("Sign in with Microsoft first.");

        java.util.List<Boolean> validity = new java.util.ArrayList<>();
        dialog.validProperty().addListener((obs, was, is) -> validity.add(is)); // observed eagerly, as the view does
        dialog.signInWithMicrosoft();
        assertThat(microsoft.busyProperty().get()).isTrue();
        executor.runPending();

        assertThat(validity).containsExactly(true);
        assertThat(microsoft.busyProperty().get()).isFalse();
        assertThat(entra.acquiredFor).containsExactly(FakeEntra.ENABLED);
        assertThat(entra.exchanged).containsExactly("entra-id-token");
        assertThat(microsoft.statusProperty().get()).isEqualTo("Signed in as pat@contoso.example (PROMPT_ENGINEER, USER)");
        assertThat(dialog.validProperty().get()).isTrue();
        ConnectionSettings.Remote settings = (ConnectionSettings.Remote) dialog.toSettings();
        assertThat(settings.credential().kind()).isEqualTo(Credential.Kind.SIGNED_IN);
        assertThat(settings.credential().signedIn().token()).isEqualTo("our-session-token");
        assertThat(settings.credential().toString()).doesNotContain("our-session-token");
        assertThat(settings.credential().withoutPassword().signedIn().token()).isEmpty();
    }

    @Test
    void theDeviceCodeIsShownWhileWaitingAndClearedAfter() {
        entra.deviceCode = new EntraSignIn.DeviceCode("FAM-1234", "https://microsoft.com/devicelogin", "message",
                Instant.now().plusSeconds(900));
        java.util.List<String> shown = new java.util.ArrayList<>();
        microsoft.deviceCodeProperty().addListener((obs, old, text) -> shown.add(text));
        at(FakeEntra.ENTRA_SERVER);

        dialog.signInWithMicrosoft();
        executor.runPending();

        assertThat(shown).contains("Open https://microsoft.com/devicelogin and enter the code FAM-1234");
        assertThat(microsoft.deviceCodeProperty().get()).isEmpty();
    }

    @Test
    void aPersonInNoMappedGroupReadsWhy() {
        entra.refusals.put("entra-id-token", FakeEntra.forbidden());
        at(FakeEntra.ENTRA_SERVER);
        dialog.authMethodProperty().set(AuthMethod.MICROSOFT);

        dialog.signInWithMicrosoft();
        executor.runPending();

        assertThat(microsoft.statusProperty().get()).contains("in no group that grants access to Familiar");
        assertThat(dialog.validProperty().get()).isFalse();
    }

    @Test
    void aRefusedTokenSaysTheServerRefusedIt() {
        entra.refusals.put("entra-id-token", FakeEntra.unauthenticated());
        at(FakeEntra.ENTRA_SERVER);

        dialog.signInWithMicrosoft();
        executor.runPending();

        assertThat(microsoft.statusProperty().get())
                .isEqualTo("The server refused the Microsoft sign-in: Entra sign-in refused: The ID token has expired; sign in again");
    }

    @Test
    void entraFailingIsShownAsItsMessage() {
        entra.entraFailure = new EntraSignIn.EntraSignInException("Microsoft Entra refused the sign-in (access_denied)", null);
        at(FakeEntra.ENTRA_SERVER);

        dialog.signInWithMicrosoft();
        executor.runPending();

        assertThat(microsoft.statusProperty().get()).isEqualTo("Microsoft Entra refused the sign-in (access_denied)");
        assertThat(entra.exchanged).isEmpty();
    }

    @Test
    void cancelStopsTheWaitAndTheLateOutcomeIsDropped() {
        at(FakeEntra.ENTRA_SERVER);
        dialog.signInWithMicrosoft();

        microsoft.cancel();

        assertThat(microsoft.busyProperty().get()).isFalse();
        assertThat(microsoft.statusProperty().get()).isEqualTo("Sign-in cancelled.");
        executor.runPending(); // the background work finds the signal cancelled
        assertThat(entra.sawCancel).isTrue();
        assertThat(entra.exchanged).isEmpty();
        assertThat(microsoft.signedInProperty().get()).isNull();
        assertThat(microsoft.statusProperty().get()).isEqualTo("Sign-in cancelled.");
    }

    @Test
    void aSignInAtOneAddressIsNotUsedForAnother() {
        at(FakeEntra.ENTRA_SERVER);
        dialog.authMethodProperty().set(AuthMethod.MICROSOFT);
        dialog.signInWithMicrosoft();
        executor.runPending();

        dialog.urlProperty().set("http://elsewhere.example");

        assertThat(dialog.validProperty().get()).isFalse();
    }

    @Test
    void forgettingSecretsDropsTheSession() {
        at(FakeEntra.ENTRA_SERVER);
        dialog.signInWithMicrosoft();
        executor.runPending();

        dialog.forgetSecrets();

        assertThat(microsoft.signedInProperty().get()).isNull();
    }
}
