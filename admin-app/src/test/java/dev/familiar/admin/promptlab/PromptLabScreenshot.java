package dev.familiar.admin.promptlab;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Window;

/**
 * Takes docs/screenshots/prompt-lab.png: seeds a fresh data folder with a function of two versions, a data set and a
 * few dry-run iterations (through the typed client, as the console would), starts the real console at the Prompt Lab
 * on that function, runs one more iteration from the screen and snapshots the window; then selects the v1 and the v2
 * iteration of the same character, opens them side by side (Compare…) and snapshots that window as
 * prompt-lab-compare.png beside the first (or the second argument). Needs a display and the reactor
 * installed; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@prompt-lab-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class PromptLabScreenshot {
    static final String FUNCTION = "npc.greeting";

    private PromptLabScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/prompt-lab.png").toAbsolutePath().normalize();
        Path compareOut = args.length > 1 ? Path.of(args[1]).toAbsolutePath().normalize()
                : out.resolveSibling("prompt-lab-compare.png");
        Path dataDir = Files.createTempDirectory("familiar-prompt-lab-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        seed(embedded);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(PromptLabView.ID + "/" + FUNCTION);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();
        System.setProperty(ConsoleOptions.DATA_DIR_PROPERTY, dataDir.toString());

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.fromEnvironment())) {
            console.await("the history to load", () -> console.text("#historyMessage").endsWith(" iterations"));
            console.await("the version to show", () -> console.stage().getScene().lookup("#runIteration")
                    instanceof Button run && !run.isDisabled());
            ScreenshotSession.onFx(() -> {
                ((TextField) console.stage().getScene().lookup("#data-name")).setText("Morgana");
                ((Button) console.stage().getScene().lookup("#runIteration")).fire();
                return null;
            });
            console.await("the run to be stored", () -> console.text("#runStatus").startsWith("SUCCEEDED"));
            console.snapshot(out);

            ScreenshotSession.onFx(() -> {
                @SuppressWarnings("unchecked")
                TableView<IterationItemViewModel> history =
                        (TableView<IterationItemViewModel>) console.stage().getScene().lookup("#historyTable");
                List<IterationItemViewModel> items = history.getItems();
                int v1 = indexOf(items, 1);
                int v2 = indexOf(items, 2);
                history.getSelectionModel().clearSelection();
                history.getSelectionModel().selectIndices(v1, v2);
                ((Button) console.stage().getScene().lookup("#compareIterations")).fire();
                return null;
            });
            console.await("the comparison window", () -> diffWindow().isPresent());
            console.snapshot(diffWindow().orElseThrow(), compareOut);
        }
    }

    /** The row of Gandalf's iteration on {@code version}. */
    private static int indexOf(List<IterationItemViewModel> items, int version) {
        for (int i = 0; i < items.size(); i++) {
            var iteration = items.get(i).iteration();
            if (iteration.version() == version && iteration.renderedPrompt().contains("Gandalf")) {
                return i;
            }
        }
        throw new IllegalStateException("No iteration of v" + version + " for Gandalf");
    }

    private static java.util.Optional<Scene> diffWindow() {
        return Window.getWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .filter(scene -> scene != null && scene.getRoot() != null
                        && "iterationDiffWindow".equals(scene.getRoot().getId()))
                .findFirst();
    }

    private static void seed(Path embedded) throws Exception {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(embedded));
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token())) {
            var lab = admin.promptLab();
            lab.createFunction(FUNCTION, "How a non-player character greets the party");
            lab.createVersion(FUNCTION, new PromptVersionCreate("Greet {{name}} as the innkeeper would.",
                    List.of(PromptParameter.required("name", ParameterType.STRING)),
                    new PromptSettings(null, null, 0.7, 120, "You are the innkeeper of the Prancing Pony.", null)));
            lab.createVersion(FUNCTION, new PromptVersionCreate(
                    "Greet {{name}} as the innkeeper would, in a {{tone}} tone. Mention {{topics}}.",
                    List.of(PromptParameter.required("name", ParameterType.STRING),
                            new PromptParameter("tone", ParameterType.ENUM, false, TextNode.valueOf("warm"),
                                    "how the innkeeper sounds", List.of("warm", "gruff", "nervous"), null),
                            new PromptParameter("topics", ParameterType.LIST, false,
                                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode(),
                                    "rumours to drop", null, ParameterType.STRING)),
                    new PromptSettings(null, null, 0.7, 120, "You are the innkeeper of the Prancing Pony.", null)));
            lab.saveDataSet(new DataSetWrite("party", "The usual adventurers", List.of(
                    new DataSetRow("wizard", FakePromptLabApi.values("{\"name\":\"Gandalf\",\"tone\":\"nervous\"}")),
                    new DataSetRow("ranger", FakePromptLabApi.values(
                            "{\"name\":\"Strider\",\"tone\":\"gruff\",\"topics\":[\"black riders\"]}")),
                    new DataSetRow("hobbit", FakePromptLabApi.values("{\"name\":\"Frodo\"}")))));
            lab.run(new IterationRequest(FUNCTION, 1, FakePromptLabApi.values("{\"name\":\"Gandalf\"}"), null));
            lab.run(new IterationRequest(FUNCTION, 2, FakePromptLabApi.values(
                    "{\"name\":\"Gandalf\",\"tone\":\"nervous\",\"topics\":[\"a dragon in the hills\"]}"), null));
            for (String name : List.of("Strider", "Frodo")) {
                lab.run(new IterationRequest(FUNCTION, 2, FakePromptLabApi.values("{\"name\":\"" + name + "\"}"),
                        null));
            }
        }
    }
}
