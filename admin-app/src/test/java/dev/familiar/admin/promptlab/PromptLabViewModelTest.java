package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromptLabViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakePromptLabApi api = new FakePromptLabApi();
    /** Streamed text is handed to the UI thread here; the test plays that thread. */
    private final List<Runnable> uiQueue = new ArrayList<>();
    private boolean uiImmediate = true;
    private final PromptLabViewModel lab = new PromptLabViewModel(() -> api, tasks, dialogs, action -> {
        if (uiImmediate) {
            action.run();
        } else {
            uiQueue.add(action);
        }
    }, Duration.ZERO, 2);

    @BeforeEach
    void aFunctionWithTwoVersions() {
        api.addFunction("greeting");
        api.addVersion("greeting", "Hi {{name}}", List.of(PromptParameter.required("name", ParameterType.STRING)));
        api.addVersion("greeting", "Hello {{name}}!", List.of(PromptParameter.required("name", ParameterType.STRING)));
        api.addFunction("summary");
    }

    private void open() {
        lab.load(Place.of("prompt-lab", "greeting"));
        executor.runPending();
    }

    // ---- pickers ----

    @Test
    void aPlaceNamingAFunctionShowsItsLatestVersionItsSchemaAsAFormAndItsHistory() {
        api.addIterations("greeting", 3);

        open();

        assertThat(lab.functions()).extracting(FunctionItemViewModel::name).containsExactly("greeting", "summary");
        assertThat(lab.functionProperty().get().name()).isEqualTo("greeting");
        assertThat(lab.versions()).extracting(VersionItemViewModel::text).containsExactly(
                "v2 · MINOR · admin · " + LabFormat.time(FakePromptLabApi.NOW.plusSeconds(2)),
                "v1 · first · admin · " + LabFormat.time(FakePromptLabApi.NOW.plusSeconds(1)));
        assertThat(lab.editor().templateProperty().get()).isEqualTo("Hello {{name}}!");
        assertThat(lab.data().fields()).extracting(DataFieldViewModel::name).containsExactly("name");
        assertThat(lab.editor().providers()).extracting(ProviderChoice::label).contains("echo · dry-run (echo)");
        assertThat(lab.history().items()).hasSize(2);
        assertThat(lab.history().messageProperty().get()).isEqualTo("2 iterations shown, more to load");
        assertThat(lab.canRunProperty().get()).isTrue();
    }

    @Test
    void theHistoryIsPagedByTheServersCursor() {
        api.addIterations("greeting", 3);
        open();

        lab.history().loadMore();
        executor.runPending();

        assertThat(lab.history().items()).extracting(IterationItemViewModel::id)
                .containsExactly("it-3", "it-2", "it-1");
        assertThat(lab.history().hasMoreProperty().get()).isFalse();
        assertThat(api.calls()).contains("iterations greeting null", "iterations greeting 2");
    }

    @Test
    void choosingAnOlderVersionShowsIt() {
        open();

        lab.selectVersion(lab.versions().get(1));

        assertThat(lab.editor().templateProperty().get()).isEqualTo("Hi {{name}}");
        assertThat(lab.editor().dirtyProperty().get()).isFalse();
    }

    @Test
    void aNewFunctionIsCreatedFromTheFormAndSelectedWithAnEmptyEditor() {
        open();
        dialogs.answerForm(Map.of("name", "npc.taunt", "description", "what a goblin shouts"));

        lab.newFunction();
        executor.runPending();

        assertThat(api.calls()).contains("createFunction npc.taunt what a goblin shouts");
        assertThat(lab.functionProperty().get().name()).isEqualTo("npc.taunt");
        assertThat(lab.versions()).isEmpty();
        assertThat(lab.editor().templateProperty().get()).isEmpty();
        assertThat(lab.canRunProperty().get()).isFalse();
    }

    @Test
    void theFunctionFormNamesABadName() {
        assertThat(PromptLabViewModel.functionProblems(Map.of("name", ""))).containsEntry("name", "required");
        assertThat(PromptLabViewModel.functionProblems(Map.of("name", "Npc Taunt"))).containsKey("name");
        assertThat(PromptLabViewModel.functionProblems(Map.of("name", "npc.taunt_2"))).isEmpty();
        lab.newFunction();
        assertThat(dialogs.shown(FormRequest.class)).hasSize(1);
        assertThat(api.calls()).isEmpty();
    }

    // ---- save ----

    @Test
    void savingANewVersionShowsTheClassTheServerComputedAndSelectsIt() {
        open();
        api.nextClass = ChangeClass.MAJOR;
        lab.editor().templateProperty().set("Hello {{name}}, {{title}}!");
        lab.editor().addParameter();
        assertThat(lab.editor().dirtyProperty().get()).isTrue();

        lab.saveVersion();
        executor.runPending();

        assertThat(api.created).singleElement().satisfies(create -> assertThat(create.parameters())
                .extracting(PromptParameter::name).containsExactly("name", "title"));
        assertThat(lab.messageProperty().get()).isEqualTo("Saved greeting v3: MAJOR change against v2");
        assertThat(lab.versionProperty().get().number()).isEqualTo(3);
        assertThat(lab.versions().get(0).changeClassText()).isEqualTo("MAJOR");
        assertThat(lab.editor().dirtyProperty().get()).isFalse();
        assertThat(lab.data().fields()).extracting(DataFieldViewModel::name).containsExactly("name", "title");
    }

    @Test
    void problemsTheEditorSeesStopTheSaveBeforeTheServerIsAsked() {
        open();
        lab.editor().templateProperty().set("Hello {{nobody}}");

        lab.saveVersion();

        assertThat(executor.pendingCount()).isZero();
        assertThat(lab.messageProperty().get()).startsWith("Not saved: ").contains("nobody");
    }

    @Test
    void aRefusalOfTheServerIsShownOnEachParameterItNames() {
        open();
        lab.editor().templateProperty().set("Hello {{name}} {{count}}");
        lab.editor().addParameter().typeProperty().set(ParameterType.INTEGER);
        api.failNext(new ApiError(ErrorCode.VALIDATION_FAILED, "The version is not acceptable", 400, Map.of(
                "problems", List.of(
                        Map.of("parameter", "count", "problem", "INVALID", "message", "count clashes with a builtin"),
                        Map.of("parameter", "name", "problem", "INVALID", "message", "name is too common")))));

        lab.saveVersion();
        executor.runPending();

        assertThat(lab.editor().parameters()).extracting(r -> r.problemProperty().get())
                .containsExactly("name is too common", "count clashes with a builtin");
        assertThat(lab.messageProperty().get())
                .isEqualTo("Not saved: count clashes with a builtin; name is too common");
        assertThat(dialogs.shown(ErrorRequest.class)).isEmpty();
        assertThat(lab.versionProperty().get().number()).as("still the version shown").isEqualTo(2);
    }

    @Test
    void anyOtherSaveFailureIsShownWithItsRequestId() {
        open();
        lab.editor().templateProperty().set("Hey {{name}}");
        api.failNext(FakePromptLabApi.error(ErrorCode.FORBIDDEN, "Only ADMIN or PROMPT_ENGINEER", 403, "req-7"));

        lab.saveVersion();
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not save a version of greeting");
        assertThat(error.message()).isEqualTo("Only ADMIN or PROMPT_ENGINEER (HTTP 403)");
        assertThat(error.requestId()).isEqualTo("req-7");
    }

    // ---- run ----

    @Test
    void aRunAppendsEachStreamedPieceAsItArrivesThenShowsTheStoredFigures() {
        open();
        lab.data().fields().get(0).textProperty().set("Ada");
        api.streams("Hel", "lo ", "Ada");
        List<String> seen = new ArrayList<>();
        api.betweenDeltas = i -> seen.add(lab.runner().outputProperty().get() + "|" + lab.runner().figuresProperty()
                .get() + "|" + lab.runner().runningProperty().get());

        lab.run();
        assertThat(lab.runner().statusProperty().get()).isEqualTo("Running greeting v2…");
        assertThat(lab.canRunProperty().get()).as("one run at a time").isFalse();
        executor.runPending();

        assertThat(seen).containsExactly("Hel||true", "Hello ||true", "Hello Ada||true");
        assertThat(api.calls()).contains("run greeting v2 {\"name\":\"Ada\"}");
        assertThat(lab.runner().outputProperty().get()).isEqualTo("Hello Ada");
        assertThat(lab.runner().figuresProperty().get()).isEqualTo("12 + 30 tokens · 0.00042 USD · 340 ms");
        assertThat(lab.runner().statusProperty().get()).isEqualTo("SUCCEEDED · echo echo");
        assertThat(lab.runner().dryRunProperty().get()).isTrue();
        assertThat(lab.runner().runningProperty().get()).isFalse();
        assertThat(lab.history().items().get(0).statusText()).isEqualTo("SUCCEEDED (dry-run)");
        assertThat(lab.canRunProperty().get()).isTrue();
    }

    @Test
    void piecesReachTheOutputOnlyThroughTheUiThread() {
        open();
        lab.data().fields().get(0).textProperty().set("Ada");
        uiImmediate = false;
        List<String> seen = new ArrayList<>();
        api.betweenDeltas = i -> seen.add(lab.runner().outputProperty().get());

        lab.run();
        executor.runPending();

        assertThat(seen).as("nothing appended from the worker thread").containsOnly("");
        assertThat(uiQueue).hasSize(2);
    }

    @Test
    void cancellingMidStreamKeepsTheTextSoFarAndDropsTheRest() {
        open();
        lab.data().fields().get(0).textProperty().set("Ada");
        api.streams("Once ", "upon ", "a time");
        api.betweenDeltas = i -> {
            if (i == 0) {
                lab.runner().cancel(); // the operator presses Cancel after the first piece
            }
        };

        lab.run();
        executor.runPending();

        assertThat(lab.runner().outputProperty().get()).isEqualTo("Once ");
        assertThat(lab.runner().statusProperty().get()).isEqualTo("Cancelled");
        assertThat(lab.runner().figuresProperty().get()).isEmpty();
        assertThat(lab.runner().lastProperty().get()).isNull();
        assertThat(lab.history().items()).as("the late answer is dropped").isEmpty();
        assertThat(lab.canRunProperty().get()).isTrue();
    }

    @Test
    void aRunWhileTheTemplateIsUnsavedAsksForASaveFirst() {
        open();
        lab.editor().templateProperty().set("Changed {{name}}");

        lab.run();

        assertThat(executor.pendingCount()).isZero();
        assertThat(lab.messageProperty().get())
                .isEqualTo("The template or schema changed: save it as a new version to run it");
        assertThat(lab.canRunProperty().get()).isFalse();
    }

    @Test
    void aRefusedRunIsShownThroughTheErrorDialogWithItsRequestId() {
        open();
        lab.data().fields().get(0).textProperty().set("Ada");
        api.failNext(FakePromptLabApi.error(ErrorCode.RND_BUDGET_EXCEEDED,
                "The monthly R&D budget of admin is spent", 402, "req-budget"));
        // the fail applies to the next call made: the run
        lab.run();
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not run greeting v2");
        assertThat(error.message()).isEqualTo("The monthly R&D budget of admin is spent (HTTP 402)");
        assertThat(error.requestId()).isEqualTo("req-budget");
        assertThat(lab.runner().statusProperty().get()).startsWith("Failed: The monthly R&D budget");
        assertThat(lab.runner().runningProperty().get()).isFalse();
    }

    @Test
    void resultsArrivingAfterTheScreenWasLeftAreIgnored() {
        lab.load(Place.of("prompt-lab", "greeting"));

        tasks.cancelAll();
        executor.runPending();

        assertThat(lab.functions()).isEmpty();
        assertThat(dialogs.shown()).isEmpty();
    }

    // ---- batch ----

    @Test
    void aBatchIsFollowedRowByRowWithItsProgressThenTheHistoryReloads() {
        api.addDataSet("smoke", new DataSetRow(null, FakePromptLabApi.values("{\"name\":\"A\"}")),
                new DataSetRow(null, FakePromptLabApi.values("{\"name\":\"B\"}")),
                new DataSetRow(null, FakePromptLabApi.values("{\"name\":\"C\"}")));
        open();
        lab.data().openDataSet("smoke");
        executor.runPending();

        lab.runBatch();
        executor.runNext(); // started
        assertThat(lab.runner().batchRunningProperty().get()).isTrue();
        assertThat(lab.runner().batchProgressProperty().get()).isZero();
        executor.runNext(); // first poll
        assertThat(lab.runner().batchProgressProperty().get()).isEqualTo(1.0 / 3);
        assertThat(lab.runner().batchMessageProperty().get()).startsWith("Batch over smoke: running, 1 of 3 rows");
        executor.runPending();

        assertThat(lab.runner().batchProgressProperty().get()).isEqualTo(1.0);
        assertThat(lab.runner().batchRunningProperty().get()).isFalse();
        assertThat(lab.runner().batchMessageProperty().get())
                .isEqualTo("Batch over smoke: completed, 3 of 3 rows · 36 + 90 tokens · 0.0012");
        assertThat(api.calls()).containsSubsequence("startBatch greeting v2 smoke", "batch b-1", "batch b-1",
                "batch b-1", "iterations greeting null");
    }

    @Test
    void cancellingABatchAsksTheServerToStopAndStopsPolling() {
        api.addDataSet("smoke", new DataSetRow(null, FakePromptLabApi.values("{\"name\":\"A\"}")),
                new DataSetRow(null, FakePromptLabApi.values("{\"name\":\"B\"}")),
                new DataSetRow(null, FakePromptLabApi.values("{\"name\":\"C\"}")));
        open();
        lab.data().openDataSet("smoke");
        executor.runPending();
        lab.runBatch();
        executor.runNext();
        executor.runNext(); // 1 of 3 done, the next poll is queued

        lab.runner().cancelBatch();
        executor.runPending();

        assertThat(api.calls()).contains("cancelBatch b-1");
        assertThat(lab.runner().batchProperty().get().status()).isEqualTo("CANCELLED");
        assertThat(lab.runner().batchRunningProperty().get()).isFalse();
        assertThat(lab.runner().batchMessageProperty().get()).startsWith("Batch over smoke: cancelled, ");
        long polls = api.calls().stream().filter(c -> c.equals("batch b-1")).count();
        executor.runPending();
        assertThat(api.calls().stream().filter(c -> c.equals("batch b-1")).count()).isEqualTo(polls);
    }

    @Test
    void aBatchNeedsAnOpenDataSet() {
        open();

        lab.runBatch();

        assertThat(executor.pendingCount()).isZero();
        assertThat(lab.messageProperty().get()).isEqualTo("Open a data set to run it as a batch");
    }
}
