package dev.familiar.admin.connection.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.connection.ConnectDialogView;
import dev.familiar.admin.connection.ConnectDialogViewModel;
import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real connect dialog on Monocle's headless screen, with a fake Entra port and fake servers: "Microsoft account"
 * appears only for a server that says it takes Entra accounts, and signing in through it gives the dialog its result.
 */
class MicrosoftSignInDialogUiTest extends FxRobot {
    private final FakeEntra entra = new FakeEntra();
    private FxBackgroundExecutor executor;
    private ConnectDialogView dialog;

    private void show(String url) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        executor = new FxBackgroundExecutor();
        FxToolkit.setupStage(owner -> {
            owner.setScene(new javafx.scene.Scene(new javafx.scene.layout.BorderPane(), 640, 480));
            owner.show();
        });
        FxToolkit.setupFixture(() -> {
            ConnectDialogViewModel viewModel = new ConnectDialogViewModel(url,
                    new MicrosoftSignInViewModel(entra.signIn(), executor));
            dialog = new ConnectDialogView(viewModel);
            dialog.initOwner(stage);
            dialog.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.setupFixture(() -> {
            if (dialog != null && dialog.isShowing()) {
                dialog.setResult(null);
                dialog.close();
            }
        });
        FxToolkit.cleanupStages();
        if (executor != null) {
            executor.shutdown();
        }
    }

    private boolean shown(String query) {
        return onFx(() -> lookup(query).tryQuery().map(n -> n.isVisible() && n.isManaged()).orElse(false));
    }

    private <T> T onFx(Callable<T> call) {
        try {
            return WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(call));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
    }

    @Test
    void theMicrosoftOptionAppearsOnlyForAServerThatTakesEntraAccounts() throws Exception {
        show(FakeEntra.PLAIN_SERVER);
        waitUntil(() -> entra.configAsked.get() == 1); // the check has been answered: "not offered"
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shown("#microsoftRadio")).isFalse();
        assertThat(shown("#microsoftBox")).isFalse();

        clickOn("#urlField").push(KeyCode.CONTROL, KeyCode.A).write(FakeEntra.ENTRA_SERVER).push(KeyCode.TAB);

        waitUntil(() -> shown("#microsoftRadio"));
        assertThat(shown("#microsoftBox")).isTrue();
    }

    @Test
    void signingInWithMicrosoftGivesTheDialogASignedInSession() throws Exception {
        show(FakeEntra.ENTRA_SERVER);
        waitUntil(() -> shown("#microsoftRadio"));

        clickOn("#microsoftRadio");
        assertThat(onFx(() -> lookup("#connectButton").query().isDisabled())).isTrue();
        clickOn("#microsoftSignInButton");

        waitUntil(() -> onFx(() -> lookup("#microsoftStatus").queryAs(Label.class).getText())
                .startsWith("Signed in as pat@contoso.example"));
        Node connect = lookup("#connectButton").query();
        waitUntil(() -> onFx(() -> !connect.isDisabled()));
        interact(((javafx.scene.control.Button) connect)::fire); // the dialog may reach past the headless screen's edge

        waitUntil(() -> onFx(() -> !dialog.isShowing()));
        ConnectionSettings.Remote settings = (ConnectionSettings.Remote) dialog.getResult();
        assertThat(settings.baseUrl()).isEqualTo(FakeEntra.ENTRA_SERVER);
        assertThat(settings.credential().kind()).isEqualTo(Credential.Kind.SIGNED_IN);
        assertThat(settings.credential().signedIn().token()).isEqualTo("our-session-token");
    }

    @Test
    void aRefusalIsShownInTheDialog() throws Exception {
        entra.refusals.put("entra-id-token", FakeEntra.forbidden());
        show(FakeEntra.ENTRA_SERVER);
        waitUntil(() -> shown("#microsoftRadio"));

        clickOn("#microsoftRadio").clickOn("#microsoftSignInButton");

        waitUntil(() -> onFx(() -> lookup("#microsoftStatus").queryAs(Label.class).getText())
                .contains("in no group that grants access to Familiar"));
        assertThat(onFx(() -> lookup("#connectButton").query().isDisabled())).isTrue();
    }
}
