package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.model.prompt.PromptVersionView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateEditorViewModelTest {
    private final TemplateEditorViewModel editor = new TemplateEditorViewModel();

    private List<String> problemKinds() {
        return editor.problems().stream().map(p -> p.problem() + " " + p.parameter()).toList();
    }

    private List<TemplateSegment.Kind> kinds() {
        return editor.segments().stream().map(TemplateSegment::kind).toList();
    }

    @Test
    void anUndeclaredPlaceholderIsFlaggedAsItIsTypedAndClearedOnceDeclared() {
        editor.templateProperty().set("Hello {{na");
        assertThat(problemKinds()).as("half typed: a syntax problem, not yet a placeholder")
                .containsExactly("INVALID template");
        assertThat(kinds()).contains(TemplateSegment.Kind.PROBLEM);

        editor.templateProperty().set("Hello {{name}}!");

        assertThat(problemKinds()).containsExactly("UNDECLARED_PLACEHOLDER name");
        assertThat(editor.segments()).extracting(TemplateSegment::text, TemplateSegment::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Hello ", TemplateSegment.Kind.TEXT),
                org.assertj.core.groups.Tuple.tuple("{{name}}", TemplateSegment.Kind.UNKNOWN_PLACEHOLDER),
                org.assertj.core.groups.Tuple.tuple("!", TemplateSegment.Kind.TEXT));
        assertThat(editor.isValid()).isFalse();

        ParameterRowViewModel added = editor.addParameter();

        assertThat(added.nameProperty().get()).as("named after the undeclared placeholder").isEqualTo("name");
        assertThat(editor.problems()).isEmpty();
        assertThat(kinds()).containsExactly(TemplateSegment.Kind.TEXT, TemplateSegment.Kind.PLACEHOLDER,
                TemplateSegment.Kind.TEXT);
        assertThat(editor.isValid()).isTrue();
    }

    @Test
    void renamingAParameterAwayFlagsItsPlaceholderAgain() {
        editor.templateProperty().set("{{tone}} and {{ tone }}");
        ParameterRowViewModel row = editor.addParameter();
        assertThat(editor.problems()).isEmpty();

        row.nameProperty().set("mood");

        assertThat(problemKinds()).containsExactly("UNDECLARED_PLACEHOLDER tone");
        assertThat(kinds()).containsExactly(TemplateSegment.Kind.UNKNOWN_PLACEHOLDER, TemplateSegment.Kind.TEXT,
                TemplateSegment.Kind.UNKNOWN_PLACEHOLDER);
    }

    @Test
    void singleBracesAndTheEscapeAreNeverPlaceholders() {
        editor.templateProperty().set("Answer as {\"a\": 1} and a literal \\{{ brace");

        assertThat(editor.problems()).isEmpty();
        assertThat(kinds()).containsOnly(TemplateSegment.Kind.TEXT);
    }

    @Test
    void aRowThatBreaksTheSchemaShowsItsOwnProblem() {
        editor.templateProperty().set("{{count}}");
        ParameterRowViewModel count = editor.addParameter();
        count.typeProperty().set(ParameterType.INTEGER);

        count.requiredProperty().set(false); // optional without a default

        assertThat(count.problemProperty().get()).contains("count");
        assertThat(editor.isValid()).isFalse();

        count.defaultTextProperty().set("3");

        assertThat(count.problemProperty().get()).isEmpty();
        assertThat(editor.isValid()).isTrue();
    }

    @Test
    void schemaTableEditsProduceTheVersionCreate() {
        editor.templateProperty().set("Greet {{name}} in a {{tone}} tone, {{count}} times: {{topics}}");
        ParameterRowViewModel name = editor.addParameter();
        name.descriptionProperty().set("the player's name");
        ParameterRowViewModel tone = editor.addParameter();
        tone.typeProperty().set(ParameterType.ENUM);
        tone.valuesTextProperty().set("warm, curt ,  formal");
        tone.requiredProperty().set(false);
        tone.defaultTextProperty().set("warm");
        ParameterRowViewModel count = editor.addParameter();
        count.typeProperty().set(ParameterType.INTEGER);
        count.requiredProperty().set(false);
        count.defaultTextProperty().set("2");
        ParameterRowViewModel topics = editor.addParameter();
        topics.typeProperty().set(ParameterType.LIST);
        topics.itemsProperty().set(ParameterType.STRING);
        editor.modelProperty().set("gpt-4o-mini");
        editor.temperatureProperty().set("0.7");
        editor.maxTokensProperty().set("200");
        editor.systemProperty().set("You are a game master.");
        editor.responseFormatProperty().set("text");

        PromptVersionCreate create = editor.toVersionCreate();

        assertThat(editor.problems()).isEmpty();
        assertThat(create).isEqualTo(new PromptVersionCreate(
                "Greet {{name}} in a {{tone}} tone, {{count}} times: {{topics}}", List.of(
                        new PromptParameter("name", ParameterType.STRING, true, null, "the player's name", null, null),
                        new PromptParameter("tone", ParameterType.ENUM, false, TextNode.valueOf("warm"), null,
                                List.of("warm", "curt", "formal"), null),
                        new PromptParameter("count", ParameterType.INTEGER, false, IntNode.valueOf(2), null, null,
                                null),
                        new PromptParameter("topics", ParameterType.LIST, true, null, null, null,
                                ParameterType.STRING)),
                new PromptSettings(null, "gpt-4o-mini", 0.7, 200, "You are a game master.", "text")));
    }

    @Test
    void enumValuesAndListItemsOnlyTravelWithTheirTypes() {
        ParameterRowViewModel row = new ParameterRowViewModel("p", ParameterType.STRING, true);
        row.valuesTextProperty().set("a, b");
        row.itemsProperty().set(ParameterType.INTEGER);

        assertThat(row.toParameter().values()).isNull();
        assertThat(row.toParameter().items()).isNull();
    }

    @Test
    void aLoadedVersionIsUnchangedUntilItsTemplateOrSchemaIsEdited() {
        editor.load(version("Hi {{name}}", List.of(
                PromptParameter.required("name", ParameterType.STRING),
                PromptParameter.optional("count", ParameterType.INTEGER, IntNode.valueOf(2)))));
        assertThat(editor.dirtyProperty().get()).isFalse();
        assertThat(editor.parameters()).hasSize(2);

        editor.parameters().get(1).defaultTextProperty().set("3");
        assertThat(editor.dirtyProperty().get()).isTrue();

        editor.parameters().get(1).defaultTextProperty().set("2");
        assertThat(editor.dirtyProperty().get()).isFalse();

        editor.templateProperty().set("Hi {{name}}!");
        assertThat(editor.dirtyProperty().get()).isTrue();
    }

    @Test
    void settingsOutOfRangeAreNamed() {
        editor.temperatureProperty().set("2.5");
        editor.maxTokensProperty().set("0");

        assertThat(editor.settingsProblems()).containsExactly("temperature: a number from 0 to 2",
                "max tokens: a whole number from 1 to 100,000");
        assertThat(editor.isValid()).isFalse();

        editor.temperatureProperty().set("");
        editor.maxTokensProperty().set("100000");
        assertThat(editor.settingsProblems()).isEmpty();
    }

    @Test
    void theProviderChoiceMarksTheDryRunProviderAndKeepsOneTheServerNoLongerOffers() {
        editor.providersOffered(List.of(new ProviderChoice("echo", "echo", true),
                new ProviderChoice("openai", "gpt-4o-mini", false)));
        assertThat(editor.providers()).extracting(ProviderChoice::label)
                .containsExactly("echo · dry-run (echo)", "openai · gpt-4o-mini");

        editor.load(new PromptVersionView("f", 1, "x", "h", List.of(),
                new PromptSettings("qwen", null, null, null, null, null), null, List.of(), "admin", Instant.EPOCH));

        assertThat(editor.providerProperty().get().name()).isEqualTo("qwen");
        assertThat(editor.settings().provider()).isEqualTo("qwen");
    }

    @Test
    void problemsTheServerAnswersAreShownOnTheirRows() {
        editor.templateProperty().set("{{name}}");
        ParameterRowViewModel name = editor.addParameter();

        editor.showServerProblems(List.of(new ParameterProblem("name", "INVALID", "name is reserved")));

        assertThat(name.problemProperty().get()).isEqualTo("name is reserved");
        assertThat(editor.problems()).extracting(ParameterProblem::message).containsExactly("name is reserved");
    }

    static PromptVersionView version(String template, List<PromptParameter> parameters) {
        return new PromptVersionView("greeting", 1, template, "h", parameters, PromptSettings.NONE, null, List.of(),
                "admin", Instant.EPOCH);
    }
}
