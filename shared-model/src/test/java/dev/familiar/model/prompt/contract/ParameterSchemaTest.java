package dev.familiar.model.prompt.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ObjectNode values(String text) {
        return (ObjectNode) json(text);
    }

    static PromptParameter p(String name, ParameterType type, boolean required, String defaultJson,
                             List<String> values, ParameterType items) {
        return new PromptParameter(name, type, required, defaultJson == null ? null : json(defaultJson), null, values,
                items);
    }

    private static List<ParameterProblem> problemsOf(PromptParameter... parameters) {
        return ParameterSchema.of(Arrays.asList(parameters)).problems();
    }

    private static ParameterProblem onlyInvalid(PromptParameter... parameters) {
        List<ParameterProblem> problems = problemsOf(parameters);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).problem()).isEqualTo("INVALID");
        return problems.get(0);
    }

    /** A schema using every type correctly. */
    static ParameterSchema full() {
        return ParameterSchema.of(List.of(
                PromptParameter.required("topic", ParameterType.STRING),
                PromptParameter.required("count", ParameterType.INTEGER),
                p("ratio", ParameterType.NUMBER, false, "0.5", null, null),
                p("formal", ParameterType.BOOLEAN, false, "false", null, null),
                p("tone", ParameterType.ENUM, true, null, List.of("dry", "warm"), null),
                p("tags", ParameterType.LIST, false, "[]", null, ParameterType.STRING),
                p("extra", ParameterType.OBJECT, false, "{}", null, null),
                p("note", ParameterType.STRING, false, "\"\"", null, null)));
    }

    @Test
    void aWellFormedSchemaWithEveryTypeHasNoProblems() {
        assertThat(full().problems()).isEmpty();
        assertThat(full().parameters()).hasSize(8);
    }

    @Test
    void aBadNameIsInvalid() {
        assertThat(onlyInvalid(PromptParameter.required("2fast", ParameterType.STRING)).parameter()).isEqualTo("2fast");
        assertThat(onlyInvalid(PromptParameter.required("a-b", ParameterType.STRING)).message()).contains("\"a-b\"");
        assertThat(onlyInvalid(PromptParameter.required("x".repeat(65), ParameterType.STRING)).message())
                .contains("at most 64");
        assertThat(onlyInvalid(PromptParameter.required(null, ParameterType.STRING)).parameter())
                .isEqualTo("parameters[0]");
        assertThat(onlyInvalid(PromptParameter.required("", ParameterType.STRING)).problem()).isEqualTo("INVALID");
    }

    @Test
    void aDuplicateNameIsInvalidOnce() {
        ParameterProblem problem = onlyInvalid(PromptParameter.required("a", ParameterType.STRING),
                PromptParameter.required("a", ParameterType.INTEGER));

        assertThat(problem.parameter()).isEqualTo("a");
        assertThat(problem.message()).contains("more than once");
    }

    @Test
    void aMissingTypeIsInvalid() {
        assertThat(onlyInvalid(PromptParameter.required("a", null)).message()).contains("no type");
    }

    @Test
    void anEnumWithoutValuesOrWithDuplicateValuesIsInvalid() {
        assertThat(onlyInvalid(p("e", ParameterType.ENUM, true, null, null, null)).message())
                .contains("without values");
        assertThat(onlyInvalid(p("e", ParameterType.ENUM, true, null, List.of(), null)).message())
                .contains("without values");
        assertThat(onlyInvalid(p("e", ParameterType.ENUM, true, null, List.of("a", "b", "a"), null)).message())
                .contains("more than once");
        assertThat(onlyInvalid(p("e", ParameterType.ENUM, true, null, Arrays.asList("a", null), null)).message())
                .contains("null");
    }

    @Test
    void valuesOnANonEnumAreInvalid() {
        assertThat(onlyInvalid(p("s", ParameterType.STRING, true, null, List.of("a"), null)).message())
                .contains("not an enum");
    }

    @Test
    void itemsOnANonListAndListOrEnumItemsAreInvalid() {
        assertThat(onlyInvalid(p("s", ParameterType.STRING, true, null, null, ParameterType.STRING)).message())
                .contains("not a list");
        assertThat(onlyInvalid(p("l", ParameterType.LIST, true, null, null, ParameterType.LIST)).message())
                .contains("items");
        assertThat(onlyInvalid(p("l", ParameterType.LIST, true, null, null, ParameterType.ENUM)).message())
                .contains("items");
    }

    @Test
    void anOptionalParameterWithoutADefaultIsInvalidButAnEmptyStringDefaultIsFine() {
        assertThat(onlyInvalid(p("o", ParameterType.STRING, false, null, null, null)).message()).contains("default");
        assertThat(onlyInvalid(p("o", ParameterType.STRING, false, "null", null, null)).message()).contains("default");
        assertThat(problemsOf(p("o", ParameterType.STRING, false, "\"\"", null, null))).isEmpty();
    }

    @Test
    void aRequiredParameterWithADefaultIsInvalid() {
        assertThat(onlyInvalid(p("r", ParameterType.INTEGER, true, "3", null, null)).message())
                .contains("required and has a default");
    }

    @Test
    void aDefaultOfTheWrongTypeOrOutsideTheEnumIsInvalid() {
        assertThat(onlyInvalid(p("n", ParameterType.INTEGER, false, "\"3\"", null, null)).message())
                .contains("default must be an integer");
        assertThat(onlyInvalid(p("n", ParameterType.INTEGER, false, "3.5", null, null)).message())
                .contains("an integer");
        assertThat(onlyInvalid(p("b", ParameterType.BOOLEAN, false, "\"true\"", null, null)).problem())
                .isEqualTo("INVALID");
        assertThat(onlyInvalid(p("e", ParameterType.ENUM, false, "\"cold\"", List.of("dry", "warm"), null)).message())
                .contains("\"dry\", \"warm\"").contains("\"cold\"");
        assertThat(onlyInvalid(p("l", ParameterType.LIST, false, "[1, \"x\"]", null, ParameterType.INTEGER)).message())
                .contains("element 1");
        assertThat(onlyInvalid(p("o", ParameterType.OBJECT, false, "[]", null, null)).message()).contains("object");
        assertThat(problemsOf(p("n", ParameterType.INTEGER, false, "3.0", null, null))).isEmpty();
    }

    @Test
    void everyBadEntryIsReportedInOnePass() {
        List<ParameterProblem> problems = problemsOf(
                PromptParameter.required("ok", ParameterType.STRING),
                PromptParameter.required("bad name", ParameterType.STRING),
                p("opt", ParameterType.NUMBER, false, null, null, null),
                p("e", ParameterType.ENUM, true, null, List.of(), null));

        assertThat(problems).extracting(ParameterProblem::parameter).containsExactly("bad name", "opt", "e");
    }

    @Test
    void theTemplateAddsUndeclaredPlaceholdersOnceAndItsSyntaxProblems() {
        ParameterSchema schema = ParameterSchema.of(List.of(PromptParameter.required("a", ParameterType.STRING),
                PromptParameter.required("unused", ParameterType.STRING)));
        PromptTemplate template = PromptTemplate.parse("{{a}} {{b}} {{b}} {{c}} {{oops");

        List<ParameterProblem> problems = schema.problems(template);

        assertThat(problems).extracting(ParameterProblem::parameter, ParameterProblem::problem).containsExactly(
                org.assertj.core.groups.Tuple.tuple("template", "INVALID"),
                org.assertj.core.groups.Tuple.tuple("b", "UNDECLARED_PLACEHOLDER"),
                org.assertj.core.groups.Tuple.tuple("c", "UNDECLARED_PLACEHOLDER"));
        assertThat(problems.get(0).message()).contains("line 1, column 25 (character 24)");
    }

    @Test
    void aTemplateProblemSaysItsLineAndColumn() {
        ParameterSchema schema = ParameterSchema.of(List.of(PromptParameter.required("x", ParameterType.STRING)));

        List<ParameterProblem> problems = schema.problems(PromptTemplate.parse("first\r\nsecond {{x}}\nthird {{x"));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("line 3, column 7 (character 26)"));
    }

    @Test
    void acceptableValuesHaveNoProblems() {
        ObjectNode v = values("{\"topic\":\"cats\",\"count\":3,\"ratio\":1,\"formal\":true,\"tone\":\"dry\","
                + "\"tags\":[\"a\",\"b\"],\"extra\":{\"k\":[1]},\"note\":\"n\"}");

        assertThat(full().check(v)).isEmpty();
        assertThat(full().check(values("{\"topic\":\"\",\"count\":-7,\"tone\":\"warm\"}"))).isEmpty();
    }

    @Test
    void checkReportsEveryOffendingParameterAtOnce() {
        ObjectNode v = values("{\"count\":\"three\",\"ratio\":\"half\",\"formal\":1,\"tone\":\"cold\","
                + "\"tags\":[\"a\",2],\"extra\":[],\"note\":5,\"surprise\":1,\"other\":2}");

        List<ParameterProblem> problems = full().check(v);

        assertThat(problems).extracting(ParameterProblem::parameter, ParameterProblem::problem).containsExactly(
                org.assertj.core.groups.Tuple.tuple("topic", "MISSING"),
                org.assertj.core.groups.Tuple.tuple("count", "WRONG_TYPE"),
                org.assertj.core.groups.Tuple.tuple("ratio", "WRONG_TYPE"),
                org.assertj.core.groups.Tuple.tuple("formal", "WRONG_TYPE"),
                org.assertj.core.groups.Tuple.tuple("tone", "NOT_ALLOWED"),
                org.assertj.core.groups.Tuple.tuple("tags", "WRONG_TYPE"),
                org.assertj.core.groups.Tuple.tuple("extra", "WRONG_TYPE"),
                org.assertj.core.groups.Tuple.tuple("note", "WRONG_TYPE"),
                org.assertj.core.groups.Tuple.tuple("surprise", "UNKNOWN"),
                org.assertj.core.groups.Tuple.tuple("other", "UNKNOWN"));
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains(p.parameter()));
        assertThat(problems.get(1).message()).contains("an integer").contains("\"three\"");
        assertThat(problems.get(4).message()).contains("\"dry\", \"warm\"").contains("\"cold\"");
        assertThat(problems.get(5).message()).contains("element 1");
    }

    @Test
    void aRequiredParameterGivenAsNullIsMissingAndAnOptionalOneTakesItsDefault() {
        List<ParameterProblem> problems =
                full().check(values("{\"topic\":null,\"count\":1,\"tone\":\"dry\",\"ratio\":null}"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.parameter()).isEqualTo("topic");
            assertThat(p.problem()).isEqualTo("MISSING");
        });
        ObjectNode ratioNull = values("{\"topic\":\"x\",\"count\":1,\"tone\":\"dry\",\"ratio\":null}");
        assertThat(full().effective(ratioNull).get("ratio")).isEqualTo(json("0.5"));
    }

    @Test
    void anEnumGivenANonStringIsWrongTypeNotNotAllowed() {
        assertThat(full().check(values("{\"topic\":\"t\",\"count\":1,\"tone\":1}")))
                .extracting(ParameterProblem::problem).containsExactly("WRONG_TYPE");
    }

    @Test
    void anIntegerIsAnyWholeNumberAsInJsonSchema() {
        ParameterSchema s = ParameterSchema.of(List.of(PromptParameter.required("n", ParameterType.INTEGER)));

        assertThat(s.check(values("{\"n\":3}"))).isEmpty();
        assertThat(s.check(values("{\"n\":3.0}"))).isEmpty();
        assertThat(s.check(values("{\"n\":1e2}"))).isEmpty();
        assertThat(s.check(values("{\"n\":123456789012345678901234567890}"))).isEmpty();
        assertThat(s.check(values("{\"n\":3.5}"))).extracting(ParameterProblem::problem).containsExactly("WRONG_TYPE");
        assertThat(s.check(values("{\"n\":\"3\"}"))).extracting(ParameterProblem::problem)
                .containsExactly("WRONG_TYPE");
        assertThat(s.check(values("{\"n\":true}"))).extracting(ParameterProblem::problem).containsExactly("WRONG_TYPE");
    }

    @Test
    void aListWithoutItemsAcceptsAnyElements() {
        ParameterSchema s = ParameterSchema.of(List.of(PromptParameter.required("l", ParameterType.LIST)));

        assertThat(s.check(values("{\"l\":[1,\"a\",null,{},[]]}"))).isEmpty();
        assertThat(s.check(values("{\"l\":{}}"))).extracting(ParameterProblem::problem).containsExactly("WRONG_TYPE");
    }

    @Test
    void messagesNeverEchoAHugeValueOrKey() {
        String huge = "x".repeat(10_000);
        ObjectNode v = JSON.createObjectNode();
        v.put("count", huge);
        v.put(huge, 1);

        List<ParameterProblem> problems = ParameterSchema.of(List.of(PromptParameter.required("count",
                ParameterType.INTEGER))).check(v);

        assertThat(problems).hasSize(2);
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.message()).hasSizeLessThan(200);
            assertThat(p.parameter()).hasSizeLessThan(100);
        });
    }

    @Test
    void effectiveAddsTheDefaultsOfAbsentOptionalsInSchemaOrder() {
        Map<String, JsonNode> effective = full().effective(values("{\"tone\":\"dry\",\"count\":2,\"topic\":\"t\","
                + "\"tags\":[\"z\"]}"));

        assertThat(effective.keySet()).containsExactly("topic", "count", "ratio", "formal", "tone", "tags", "extra",
                "note");
        assertThat(effective.get("tags")).isEqualTo(json("[\"z\"]"));
        assertThat(effective.get("formal")).isEqualTo(json("false"));
        assertThat(effective.get("note")).isEqualTo(TextNode.valueOf(""));
    }

    @Test
    void changingAnEffectiveDefaultDoesNotChangeTheSchema() {
        ParameterSchema schema = full();

        ((com.fasterxml.jackson.databind.node.ArrayNode) schema.effective(values("{}")).get("tags")).add("sneaky");

        assertThat(schema.effective(values("{}")).get("tags")).isEqualTo(json("[]"));
        assertThat(schema.jsonSchema().at("/properties/tags/default")).isEqualTo(json("[]"));
    }

    @Test
    void jsonSchemaDescribesEveryParameterForDraft202012() {
        ParameterSchema schema = ParameterSchema.of(List.of(
                new PromptParameter("topic", ParameterType.STRING, true, null, "what to write about", null, null),
                p("tone", ParameterType.ENUM, false, "\"dry\"", List.of("dry", "warm"), null),
                p("tags", ParameterType.LIST, true, null, null, ParameterType.INTEGER),
                p("any", ParameterType.LIST, false, "[]", null, null),
                p("n", ParameterType.NUMBER, false, "1.5", null, null),
                p("o", ParameterType.OBJECT, false, "{}", null, null)));

        ObjectNode s = schema.jsonSchema();

        assertThat(s).isEqualTo(json("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                 "properties":{
                   "topic":{"type":"string","description":"what to write about"},
                   "tone":{"type":"string","enum":["dry","warm"],"default":"dry"},
                   "tags":{"type":"array","items":{"type":"integer"}},
                   "any":{"type":"array","default":[]},
                   "n":{"type":"number","default":1.5},
                   "o":{"type":"object","default":{}}},
                 "required":["topic","tags"],
                 "additionalProperties":false}"""));
    }

    @Test
    void aNullListIsTheEmptySchema() {
        ParameterSchema s = ParameterSchema.of(null);

        assertThat(s.parameters()).isEmpty();
        assertThat(s.problems()).isEmpty();
        assertThat(s.check(values("{\"a\":1}"))).extracting(ParameterProblem::problem).containsExactly("UNKNOWN");
    }
}
