package dev.familiar.model.prompt.contract;

import static dev.familiar.model.prompt.contract.ParameterSchemaTest.full;
import static dev.familiar.model.prompt.contract.ParameterSchemaTest.p;
import static dev.familiar.model.prompt.contract.ParameterSchemaTest.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.contract.PromptRenderer.Refused;
import dev.familiar.model.prompt.contract.PromptRenderer.Rendered;
import dev.familiar.model.prompt.contract.PromptRenderer.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptRendererTest {
    private static final String ALL = "topic={{topic}} count={{ count }} ratio={{ratio}} formal={{formal}} "
            + "tone={{tone}} tags={{tags}} extra={{extra}} note=[{{note}}]";

    private static String rendered(Result result) {
        assertThat(result).isInstanceOf(Rendered.class);
        return ((Rendered) result).text();
    }

    private static List<ParameterProblem> refused(Result result) {
        assertThat(result).isInstanceOf(Refused.class);
        return ((Refused) result).problems();
    }

    private static ParameterSchema schema(PromptParameter... parameters) {
        return ParameterSchema.of(List.of(parameters));
    }

    @Test
    void eachTypeRendersAsDocumented() {
        ObjectNode v = values("{\"topic\":\"cats \\\"and\\\" dogs\",\"count\":3,\"ratio\":0.25,\"formal\":true,"
                + "\"tone\":\"warm\",\"tags\":[\"a\", \"b\"],\"extra\":{ \"k\" : [1, 2.5, null] },\"note\":\"n\"}");

        String text = rendered(PromptRenderer.render(PromptTemplate.parse(ALL), full(), v));

        assertThat(text).isEqualTo("topic=cats \"and\" dogs count=3 ratio=0.25 formal=true tone=warm "
                + "tags=[\"a\",\"b\"] extra={\"k\":[1,2.5,null]} note=[n]");
    }

    @Test
    void absentOptionalsRenderTheirDefaultsIncludingAnExplicitEmptyString() {
        String text = rendered(PromptRenderer.render(PromptTemplate.parse(ALL), full(),
                values("{\"topic\":\"t\",\"count\":-1,\"tone\":\"dry\"}")));

        assertThat(text).isEqualTo("topic=t count=-1 ratio=0.5 formal=false tone=dry tags=[] extra={} note=[]");
    }

    @Test
    void aWholeNumberGivenForAnIntegerRendersAsAnInteger() {
        ParameterSchema s = schema(PromptParameter.required("n", ParameterType.INTEGER),
                PromptParameter.required("x", ParameterType.NUMBER));

        assertThat(rendered(PromptRenderer.render(PromptTemplate.parse("{{n}} {{x}}"), s,
                values("{\"n\":3.0,\"x\":3.0}")))).isEqualTo("3 3.0");
        assertThat(rendered(PromptRenderer.render(PromptTemplate.parse("{{n}}"), s,
                values("{\"n\":1e2,\"x\":1}")))).isEqualTo("100");
    }

    @Test
    void anEscapedOpeningRendersAsALiteralOpeningAndSingleBracesStay() {
        ParameterSchema s = schema(PromptParameter.required("q", ParameterType.STRING));
        PromptTemplate t = PromptTemplate.parse(
                "Reply {\"answer\": \"{{q}}\"}; mustache looks like \\{{this}} }}; a set: {{{q}}}");

        assertThat(rendered(PromptRenderer.render(t, s, values("{\"q\":\"yes\"}"))))
                .isEqualTo("Reply {\"answer\": \"yes\"}; mustache looks like {{this}} }}; a set: {yes}");
    }

    @Test
    void aValueIsInsertedAsIsAndNeverParsedAgain() {
        ParameterSchema s = schema(PromptParameter.required("a", ParameterType.STRING),
                PromptParameter.required("b", ParameterType.STRING));

        assertThat(rendered(PromptRenderer.render(PromptTemplate.parse("{{a}}|{{b}}|{{a}}"), s,
                values("{\"a\":\"{{b}} \\\\{{\",\"b\":\"B\"}")))).isEqualTo("{{b}} \\{{|B|{{b}} \\{{");
    }

    @Test
    void everyValueProblemIsReportedAndNothingRenders() {
        List<ParameterProblem> problems = refused(PromptRenderer.render(PromptTemplate.parse(ALL), full(),
                values("{\"count\":\"3\",\"ratio\":[],\"formal\":\"yes\",\"tone\":\"cold\",\"tags\":\"a,b\","
                        + "\"extra\":\"{}\",\"note\":null,\"nope\":1}")));

        assertThat(problems).extracting(ParameterProblem::parameter, ParameterProblem::problem).containsExactly(
                tuple("topic", "MISSING"), tuple("count", "WRONG_TYPE"), tuple("ratio", "WRONG_TYPE"),
                tuple("formal", "WRONG_TYPE"), tuple("tone", "NOT_ALLOWED"), tuple("tags", "WRONG_TYPE"),
                tuple("extra", "WRONG_TYPE"), tuple("nope", "UNKNOWN"));
    }

    @Test
    void templateAndSchemaProblemsAreReportedWithTheValueProblems() {
        ParameterSchema s = schema(PromptParameter.required("a", ParameterType.STRING),
                p("opt", ParameterType.STRING, false, null, null, null));
        PromptTemplate t = PromptTemplate.parse("{{a}} {{ghost}} {{1bad}}");

        List<ParameterProblem> problems = refused(PromptRenderer.render(t, s, values("{\"zzz\":1}")));

        assertThat(problems).extracting(ParameterProblem::parameter, ParameterProblem::problem).containsExactly(
                tuple("opt", "INVALID"), tuple("template", "INVALID"), tuple("ghost", "UNDECLARED_PLACEHOLDER"),
                tuple("a", "MISSING"), tuple("zzz", "UNKNOWN"));
    }

    @Test
    void aMissingValueNeverRendersAsEmpty() {
        ParameterSchema s = schema(PromptParameter.required("name", ParameterType.STRING));
        PromptTemplate t = PromptTemplate.parse("Hello {{name}}!");

        assertThat(PromptRenderer.render(t, s, values("{}"))).isInstanceOf(Refused.class);
        assertThat(PromptRenderer.render(t, s, values("{\"name\":null}"))).isInstanceOf(Refused.class);
        assertThat(PromptRenderer.render(t, s, null)).isInstanceOf(Refused.class);
        assertThat(PromptRenderer.render(t, ParameterSchema.of(List.of()), values("{\"name\":\"x\"}")))
                .isInstanceOf(Refused.class);
        assertThat(rendered(PromptRenderer.render(t, s, values("{\"name\":\"\"}")))).isEqualTo("Hello !");
    }

    @Test
    void anUnterminatedPlaceholderRefusesEvenWithGoodValues() {
        ParameterSchema s = schema(PromptParameter.required("a", ParameterType.STRING));

        assertThat(refused(PromptRenderer.render(PromptTemplate.parse("{{a}} and {{a"), s, values("{\"a\":\"x\"}"))))
                .extracting(ParameterProblem::problem).containsExactly("INVALID");
    }

    @Test
    void aParameterTheTemplateDoesNotUseIsFine() {
        ParameterSchema s = schema(PromptParameter.required("a", ParameterType.STRING),
                PromptParameter.required("unused", ParameterType.BOOLEAN));

        assertThat(rendered(PromptRenderer.render(PromptTemplate.parse("<{{a}}>"), s,
                values("{\"a\":\"x\",\"unused\":false}")))).isEqualTo("<x>");
    }

    @Test
    void renderingIsByteIdenticalForTheSameTemplateAndValues() {
        ObjectNode v = values("{\"topic\":\"ünï 😀\",\"count\":12345678901234567890,\"tone\":\"dry\","
                + "\"extra\":{\"b\":1,\"a\":[true]}}");
        PromptTemplate t = PromptTemplate.parse(ALL);

        String first = rendered(PromptRenderer.render(t, full(), v));
        String second = rendered(PromptRenderer.render(PromptTemplate.parse(t.text()), full(), values(v.toString())));

        assertThat(second).isEqualTo(first);
        assertThat(first).contains("count=12345678901234567890").contains("extra={\"b\":1,\"a\":[true]}");
    }
}
