package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataFormViewModelTest {
    private static final List<PromptParameter> SCHEMA = List.of(
            PromptParameter.required("name", ParameterType.STRING),
            PromptParameter.required("count", ParameterType.INTEGER),
            new PromptParameter("tone", ParameterType.ENUM, false, TextNode.valueOf("warm"), "how it sounds",
                    List.of("warm", "curt"), null),
            PromptParameter.optional("loud", ParameterType.BOOLEAN, com.fasterxml.jackson.databind.node.BooleanNode.TRUE),
            new PromptParameter("topics", ParameterType.LIST, true, null, null, null, ParameterType.STRING));

    private final ManualExecutor executor = new ManualExecutor();
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakePromptLabApi api = new FakePromptLabApi();
    private final DataFormViewModel data = new DataFormViewModel(() -> api,
            new TaskScope(executor, new ActivityMonitor()), dialogs);

    private DataFieldViewModel field(String name) {
        return data.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theFormHasATypedFieldPerParameterStartingFromTheDefaults() {
        data.useSchema(SCHEMA);

        assertThat(data.fields()).extracting(DataFieldViewModel::name, DataFieldViewModel::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("name", ParameterType.STRING),
                org.assertj.core.groups.Tuple.tuple("count", ParameterType.INTEGER),
                org.assertj.core.groups.Tuple.tuple("tone", ParameterType.ENUM),
                org.assertj.core.groups.Tuple.tuple("loud", ParameterType.BOOLEAN),
                org.assertj.core.groups.Tuple.tuple("topics", ParameterType.LIST));
        assertThat(field("tone").textProperty().get()).isEqualTo("warm");
        assertThat(field("tone").choices()).containsExactly("warm", "curt");
        assertThat(field("tone").label()).isEqualTo("tone (enum, optional)");
        assertThat(field("tone").hint()).isEqualTo("how it sounds · default warm");
        assertThat(field("loud").checkedProperty().get()).isTrue();
    }

    @Test
    void eachFieldShowsWhatTheSchemaCheckSaysOfItsValueAsItChanges() {
        data.useSchema(SCHEMA);

        assertThat(field("name").problemProperty().get()).contains("name is required");
        assertThat(field("count").problemProperty().get()).contains("count is required");
        assertThat(field("topics").problemProperty().get()).contains("topics is required");
        assertThat(data.validProperty().get()).isFalse();

        field("name").textProperty().set("Ada");
        field("count").textProperty().set("three");
        field("tone").textProperty().set("shouty");
        field("topics").textProperty().set("[\"dragons\", ");

        assertThat(field("name").problemProperty().get()).isEmpty();
        assertThat(field("count").problemProperty().get()).contains("count must be");
        assertThat(field("tone").problemProperty().get()).contains("tone must be");
        assertThat(field("topics").problemProperty().get()).contains("not valid JSON");

        field("count").textProperty().set("3");
        field("tone").textProperty().set("curt");
        field("topics").textProperty().set("[\"dragons\", \"tea\"]");

        assertThat(data.problems()).isEmpty();
        assertThat(data.validProperty().get()).isTrue();
        assertThat(data.values()).isEqualTo(FakePromptLabApi.values(
                "{\"name\":\"Ada\",\"count\":3,\"tone\":\"curt\",\"loud\":true,\"topics\":[\"dragons\",\"tea\"]}"));
    }

    @Test
    void anEmptyFieldIsNotGivenNeverAnEmptyString() {
        data.useSchema(List.of(PromptParameter.optional("title", ParameterType.STRING, TextNode.valueOf("Sir"))));
        field("title").textProperty().set("");

        assertThat(data.values().has("title")).isFalse();
        assertThat(data.validProperty().get()).as("the default applies").isTrue();
    }

    @Test
    void aChangedSchemaKeepsWhatWasTypedInFieldsThatKeptTheirNameAndType() {
        data.useSchema(SCHEMA);
        field("name").textProperty().set("Ada");
        field("count").textProperty().set("3");

        data.useSchema(List.of(PromptParameter.required("name", ParameterType.STRING),
                PromptParameter.required("count", ParameterType.STRING),
                PromptParameter.required("place", ParameterType.STRING)));

        assertThat(field("name").textProperty().get()).isEqualTo("Ada");
        assertThat(field("count").textProperty().get()).as("retyped: starts again").isEmpty();
        assertThat(field("place").problemProperty().get()).contains("place is required");
    }

    @Test
    void aDataSetRowFillsTheFormAndItsUnknownNamesAreListed() {
        data.useSchema(SCHEMA);
        api.addDataSet("smoke", new DataSetRow("first", FakePromptLabApi.values(
                "{\"name\":\"Bo\",\"count\":1,\"topics\":[]}")), new DataSetRow(null, FakePromptLabApi.values(
                "{\"name\":\"Cy\",\"count\":2,\"topics\":[\"x\"],\"colour\":\"red\"}")));
        data.loadDataSets();
        data.openDataSet("smoke");
        executor.runPending();

        data.useRow(0);
        assertThat(field("name").textProperty().get()).isEqualTo("Bo");
        assertThat(field("topics").textProperty().get()).isEqualTo("[]");
        assertThat(data.messageProperty().get()).isEqualTo("Row 1 (first) of smoke");
        assertThat(data.validProperty().get()).isTrue();

        data.useRow(1);
        assertThat(field("name").textProperty().get()).isEqualTo("Cy");
        assertThat(data.dataSets()).extracting(s -> s.name()).containsExactly("smoke");
    }

    @Test
    void savingTheValuesAppendsARowToTheChosenDataSet() {
        data.useSchema(List.of(PromptParameter.required("name", ParameterType.STRING)));
        api.addDataSet("smoke", new DataSetRow("first", FakePromptLabApi.values("{\"name\":\"Bo\"}")));
        field("name").textProperty().set("Ada");
        dialogs.answerForm(Map.of("dataSet", "smoke", "label", "ada"));

        data.saveAsRow();
        executor.runPending();

        assertThat(api.calls()).contains("saveDataSet smoke 2");
        assertThat(data.dataSetProperty().get().rows()).extracting(DataSetRow::label).containsExactly("first", "ada");
        assertThat(data.dataSetProperty().get().rows().get(1).values().get("name").asText()).isEqualTo("Ada");
        assertThat(data.messageProperty().get()).isEqualTo("Saved as row 2 of smoke");
    }

    @Test
    void savingToANewNameCreatesTheDataSet() {
        data.useSchema(List.of(PromptParameter.required("count", ParameterType.INTEGER)));
        field("count").textProperty().set("7");
        dialogs.answerForm(Map.of("dataSet", "fresh"));

        data.saveAsRow();
        executor.runPending();

        assertThat(api.calls()).contains("dataSet fresh", "saveDataSet fresh 1");
        assertThat(data.dataSetProperty().get().rows().get(0).values().get("count")).isEqualTo(IntNode.valueOf(7));
        assertThat(dialogs.shown(dev.familiar.admin.dialogs.ErrorRequest.class)).isEmpty();
    }

    @Test
    void theRowFormNeedsADataSetName() {
        assertThat(DataFormViewModel.rowProblems(Map.of("dataSet", " "))).containsOnlyKeys("dataSet");
        assertThat(DataFormViewModel.rowProblems(Map.of("dataSet", "has space"))).containsOnlyKeys("dataSet");
        assertThat(DataFormViewModel.rowProblems(Map.of("dataSet", "smoke-1"))).isEmpty();
        data.saveAsRow();
        assertThat(dialogs.shown(FormRequest.class)).singleElement()
                .satisfies(form -> assertThat(form.title()).isEqualTo("Save as data-set row"));
        assertThat(api.calls()).isEmpty();
    }
}
