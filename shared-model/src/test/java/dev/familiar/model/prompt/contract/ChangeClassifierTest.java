package dev.familiar.model.prompt.contract;

import static dev.familiar.model.prompt.ChangeClass.MAJOR;
import static dev.familiar.model.prompt.ChangeClass.MINOR;
import static dev.familiar.model.prompt.ChangeClass.PATCH;
import static dev.familiar.model.prompt.ParameterType.BOOLEAN;
import static dev.familiar.model.prompt.ParameterType.ENUM;
import static dev.familiar.model.prompt.ParameterType.INTEGER;
import static dev.familiar.model.prompt.ParameterType.LIST;
import static dev.familiar.model.prompt.ParameterType.NUMBER;
import static dev.familiar.model.prompt.ParameterType.OBJECT;
import static dev.familiar.model.prompt.ParameterType.STRING;
import static dev.familiar.model.prompt.contract.ParameterSchemaTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.contract.ChangeClassifier.Classification;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeClassifierTest {
    private static final PromptTemplate TEMPLATE = PromptTemplate.parse("Write about {{topic}}.");

    private static PromptParameter req(String name, ParameterType type) {
        return PromptParameter.required(name, type);
    }

    private static PromptParameter opt(String name, ParameterType type, String defaultJson) {
        return PromptParameter.optional(name, type, json(defaultJson));
    }

    private static PromptParameter described(PromptParameter p, String description) {
        return new PromptParameter(p.name(), p.type(), p.required(), p.defaultValue(), description, p.values(),
                p.items());
    }

    private static PromptParameter enumOf(String name, String defaultJson, String... values) {
        return new PromptParameter(name, ENUM, defaultJson == null, defaultJson == null ? null : json(defaultJson),
                null, List.of(values), null);
    }

    private static PromptParameter listOf(String name, ParameterType items) {
        return new PromptParameter(name, LIST, true, null, null, null, items);
    }

    private static List<PromptParameter> params(PromptParameter... ps) {
        return Arrays.asList(ps);
    }

    private static final PromptParameter TOPIC = req("topic", STRING);

    private static Classification classify(List<PromptParameter> older, List<PromptParameter> newer) {
        return ChangeClassifier.classify(TEMPLATE, ParameterSchema.of(older), PromptSettings.NONE,
                TEMPLATE, ParameterSchema.of(newer), PromptSettings.NONE);
    }

    /** name, older parameters, newer parameters, expected class, expected breaking differences as "param:KIND". */
    static Stream<Arguments> schemaChanges() {
        return Stream.of(
                // PATCH
                row("identical schemas", params(TOPIC), params(TOPIC), PATCH),
                row("no parameters on either side", params(), params(), PATCH),
                row("a description added", params(TOPIC), params(described(TOPIC, "the subject")), PATCH),
                row("a description changed", params(described(TOPIC, "a")), params(described(TOPIC, "b")), PATCH),
                row("parameters reordered", params(TOPIC, req("n", INTEGER)), params(req("n", INTEGER), TOPIC), PATCH),
                row("enum values reordered", params(enumOf("tone", null, "a", "b")),
                        params(enumOf("tone", null, "b", "a")), PATCH),
                // MINOR
                row("an optional string with a default added", params(TOPIC),
                        params(TOPIC, opt("tone", STRING, "\"dry\"")), MINOR),
                row("an optional string with an empty default added", params(TOPIC),
                        params(TOPIC, opt("note", STRING, "\"\"")), MINOR),
                row("an optional list added", params(TOPIC), params(TOPIC, opt("tags", LIST, "[]")), MINOR),
                row("an enum value added", params(enumOf("tone", null, "a")), params(enumOf("tone", null, "a", "b")),
                        MINOR),
                row("a required parameter made optional", params(TOPIC), params(opt("topic", STRING, "\"cats\"")),
                        MINOR),
                row("a default changed", params(opt("n", INTEGER, "3")), params(opt("n", INTEGER, "5")), MINOR),
                row("a number default rewritten with the same value", params(opt("x", NUMBER, "3")),
                        params(opt("x", NUMBER, "3.0")), PATCH),
                row("list items untyped (widened)", params(listOf("tags", STRING)), params(listOf("tags", null)),
                        MINOR),
                row("two optionals added and a description changed", params(TOPIC),
                        params(described(TOPIC, "x"), opt("a", BOOLEAN, "true"), opt("b", OBJECT, "{}")), MINOR),
                // MAJOR
                row("a required parameter removed", params(TOPIC, req("n", INTEGER)), params(TOPIC), MAJOR,
                        "n:REMOVED"),
                row("an optional parameter removed", params(TOPIC, opt("n", INTEGER, "1")), params(TOPIC), MAJOR,
                        "n:REMOVED"),
                row("a parameter renamed", params(TOPIC), params(req("subject", STRING)), MAJOR,
                        "topic:REMOVED", "subject:REQUIRED_ADDED"),
                row("a parameter renamed and made optional", params(TOPIC), params(opt("subject", STRING, "\"x\"")),
                        MAJOR, "topic:REMOVED"),
                row("a required parameter added", params(TOPIC), params(TOPIC, req("audience", STRING)), MAJOR,
                        "audience:REQUIRED_ADDED"),
                row("an optional parameter made required", params(opt("n", INTEGER, "1")), params(req("n", INTEGER)),
                        MAJOR, "n:MADE_REQUIRED"),
                row("string retyped to integer", params(TOPIC), params(req("topic", INTEGER)), MAJOR,
                        "topic:RETYPED"),
                row("integer widened to number is still retyped", params(req("n", INTEGER)), params(req("n", NUMBER)),
                        MAJOR, "n:RETYPED"),
                row("enum retyped to string", params(enumOf("tone", null, "a")), params(req("tone", STRING)), MAJOR,
                        "tone:RETYPED"),
                row("an enum value removed", params(enumOf("tone", null, "a", "b")), params(enumOf("tone", null, "a")),
                        MAJOR, "tone:NARROWED"),
                row("enum values swapped: one removed and one added", params(enumOf("tone", "\"a\"", "a", "b")),
                        params(enumOf("tone", "\"a\"", "a", "c")), MAJOR, "tone:NARROWED"),
                row("list items typed (narrowed)", params(listOf("tags", null)), params(listOf("tags", STRING)), MAJOR,
                        "tags:NARROWED"),
                row("list items retyped", params(listOf("tags", STRING)), params(listOf("tags", INTEGER)), MAJOR,
                        "tags:RETYPED"),
                row("retyped and made required at once", params(opt("n", INTEGER, "1")), params(req("n", STRING)),
                        MAJOR, "n:RETYPED", "n:MADE_REQUIRED"),
                row("an optional added beside a removal", params(TOPIC, req("n", INTEGER)),
                        params(TOPIC, opt("m", BOOLEAN, "false")), MAJOR, "n:REMOVED"),
                row("every parameter removed", params(TOPIC, opt("n", NUMBER, "1.5")), params(), MAJOR,
                        "topic:REMOVED", "n:REMOVED"));
    }

    private static Arguments row(String name, List<PromptParameter> older, List<PromptParameter> newer,
                                 ChangeClass expected, String... breaking) {
        return Arguments.of(name, older, newer, expected, List.of(breaking));
    }

    @ParameterizedTest(name = "{0} is {3}")
    @MethodSource("schemaChanges")
    void classifiesSchemaChanges(String name, List<PromptParameter> older, List<PromptParameter> newer,
                                 ChangeClass expected, List<String> breaking) {
        assertThat(ParameterSchema.of(older).problems()).as("older schema valid").isEmpty();
        assertThat(ParameterSchema.of(newer).problems()).as("newer schema valid").isEmpty();

        Classification c = classify(older, newer);

        assertThat(c.changeClass()).isEqualTo(expected);
        assertThat(c.breaking()).extracting(i -> i.parameter() + ":" + i.kind())
                .containsExactlyInAnyOrderElementsOf(breaking);
        if (older.equals(newer)) {
            assertThat(c.changes()).isEmpty();
        } else {
            assertThat(c.changes()).isNotEmpty();
        }
        assertThat(c.changes()).containsAll(c.breaking().stream().map(Incompatibility::message).toList());
    }

    @Test
    void theTableHasAtLeastTwentyFourRows() {
        assertThat(schemaChanges().count()).isGreaterThanOrEqualTo(24);
    }

    @Test
    void templateTextOnlyIsPatchWithASentence() {
        Classification c = ChangeClassifier.classify(TEMPLATE, ParameterSchema.of(List.of(TOPIC)), null,
                PromptTemplate.parse("Write briefly about {{ topic }}."), ParameterSchema.of(List.of(TOPIC)), null);

        assertThat(c.changeClass()).isEqualTo(PATCH);
        assertThat(c.breaking()).isEmpty();
        assertThat(c.changes()).containsExactly("the template text changed");
    }

    @Test
    void aTemplateThatStopsUsingAKeptParameterIsPatch() {
        ParameterSchema schema = ParameterSchema.of(List.of(TOPIC, opt("tone", STRING, "\"dry\"")));

        Classification c = ChangeClassifier.classify(PromptTemplate.parse("{{topic}} in a {{tone}} tone"), schema,
                PromptSettings.NONE, PromptTemplate.parse("{{topic}}"), schema, PromptSettings.NONE);

        assertThat(c.changeClass()).isEqualTo(PATCH);
        assertThat(c.changes()).contains("the template no longer uses {{tone}} (parameter tone is kept)");
    }

    @Test
    void settingsOnlyArePatchWithASentencePerSettingAndNoSystemMessageEchoed() {
        PromptSettings a = new PromptSettings("openai", "gpt-4o-mini", 0.2, 200, "secret-ish instructions", "text");
        PromptSettings b = new PromptSettings("qwen", "gpt-4o-mini", 0.7, null, "other instructions", "json_object");

        Classification c = ChangeClassifier.classify(TEMPLATE, ParameterSchema.of(List.of(TOPIC)), a,
                TEMPLATE, ParameterSchema.of(List.of(TOPIC)), b);

        assertThat(c.changeClass()).isEqualTo(PATCH);
        assertThat(c.changes()).containsExactly("settings: provider openai → qwen",
                "settings: temperature 0.2 → 0.7",
                "settings: max tokens 200 → (default)", "settings: response format text → json_object",
                "settings: the system message changed");
    }

    @Test
    void aLikelyRenameIsMentionedOnTheRemoval() {
        Classification c = classify(params(TOPIC, req("n", INTEGER)), params(req("subject", STRING),
                req("n", INTEGER)));

        assertThat(c.breaking()).filteredOn(i -> i.kind().equals("REMOVED")).singleElement()
                .satisfies(i -> assertThat(i.message()).contains("topic was removed").contains("renamed to subject"));
    }

    @Test
    void noRenameIsGuessedWhenTheTypesDiffer() {
        Classification c = classify(params(TOPIC), params(req("count", INTEGER)));

        assertThat(c.breaking()).extracting(Incompatibility::message)
                .noneMatch(m -> m.contains("renamed"));
    }

    @Test
    void noRenameIsGuessedWhenTheMatchIsAmbiguous() {
        Classification c = classify(params(TOPIC), params(req("a", STRING), req("b", STRING)));

        assertThat(c.breaking()).extracting(Incompatibility::kind)
                .containsExactly("REMOVED", "REQUIRED_ADDED", "REQUIRED_ADDED");
        assertThat(c.breaking().get(0).message()).doesNotContain("renamed");
    }

    @Test
    void breakingMessagesNameTheParameterAndTheTypes() {
        Classification c = classify(params(TOPIC), params(req("topic", INTEGER)));

        assertThat(c.breaking()).singleElement().satisfies(i -> {
            assertThat(i.message()).contains("topic").contains("string").contains("integer");
        });
    }

    @Test
    void textSettingsAndSchemaTogetherTakeTheHighestClassAndListEverything() {
        Classification c = ChangeClassifier.classify(TEMPLATE, ParameterSchema.of(List.of(TOPIC)),
                PromptSettings.NONE, PromptTemplate.parse("About {{topic}} in {{lang}}"),
                ParameterSchema.of(List.of(TOPIC, opt("lang", STRING, "\"en\""))),
                new PromptSettings(null, "m", null, null, null, null));

        assertThat(c.changeClass()).isEqualTo(MINOR);
        assertThat(c.changes()).hasSize(4).contains("the template text changed", "the template now uses {{lang}}",
                "settings: model (default) → m");
    }
}
