package dev.familiar.model.prompt.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.prompt.contract.PromptTemplate.Placeholder;
import dev.familiar.model.prompt.contract.PromptTemplate.SyntaxProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    @Test
    void placeholdersCarryTheirOffsetsAndLengthsInTheOriginalText() {
        String text = "Hello {{name}}, you are {{ age }} years old.";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.problems()).isEmpty();
        assertThat(t.placeholders()).containsExactly(new Placeholder("name", 6, 8), new Placeholder("age", 24, 9));
        assertThat(text.substring(6, 6 + 8)).isEqualTo("{{name}}");
        assertThat(text.substring(24, 24 + 9)).isEqualTo("{{ age }}");
        assertThat(t.text()).isEqualTo(text);
    }

    @Test
    void tabsAndSeveralSpacesAroundTheNameAreAllowed() {
        PromptTemplate t = PromptTemplate.parse("{{\t  topic \t}}");

        assertThat(t.problems()).isEmpty();
        assertThat(t.placeholders()).containsExactly(new Placeholder("topic", 0, 14));
    }

    @Test
    void anEscapedOpeningIsALiteralAndOpensNoPlaceholder() {
        PromptTemplate t = PromptTemplate.parse("Write \\{{name}} literally, then {{name}}.");

        assertThat(t.problems()).isEmpty();
        assertThat(t.placeholders()).containsExactly(new Placeholder("name", 32, 8));
        assertThat(t.names()).containsExactly("name");
    }

    @Test
    void anEscapedOpeningWithoutAClosingIsNoProblem() {
        PromptTemplate t = PromptTemplate.parse("mustache uses \\{{ and that is all");

        assertThat(t.problems()).isEmpty();
        assertThat(t.placeholders()).isEmpty();
    }

    @Test
    void aLoneBackslashIsPlainText() {
        PromptTemplate t = PromptTemplate.parse("C:\\temp\\ {x} \\{y} {{v}}");

        assertThat(t.problems()).isEmpty();
        assertThat(t.names()).containsExactly("v");
    }

    @Test
    void jsonBracesInThePromptAreTextAndNeverCollide() {
        String text = "Answer as {\"items\": [{\"id\": 1, \"tags\": {\"a\": {}}}]} about {{topic}} }} }";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.problems()).isEmpty();
        assertThat(t.placeholders()).containsExactly(new Placeholder("topic", text.indexOf("{{topic}}"), 9));
    }

    @Test
    void aSingleBraceNextToAPlaceholderStaysText() {
        String text = "{\"q\": \"{{q}}\"} and {{{q}}} and {{{{q}}}}";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.problems()).isEmpty();
        assertThat(t.placeholders()).containsExactly(new Placeholder("q", 7, 5),
                new Placeholder("q", text.indexOf("{{{q}}}") + 1, 5),
                new Placeholder("q", text.indexOf("{{{{q}}}}") + 2, 5));
    }

    @Test
    void aBraceInsideThePlaceholderIsABadName() {
        String text = "x {{ {q} }}";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.placeholders()).isEmpty();
        assertThat(t.problems()).singleElement().satisfies(p -> {
            assertThat(p.start()).isEqualTo(2);
            assertThat(p.length()).isEqualTo(9);
            assertThat(p.message()).contains("\"{q}\"");
        });
    }

    @Test
    void anUnterminatedPlaceholderIsAProblemAtItsOffset() {
        PromptTemplate t = PromptTemplate.parse("Say {{greeting to the world");

        assertThat(t.placeholders()).isEmpty();
        assertThat(t.problems()).singleElement().satisfies(p -> {
            assertThat(p.start()).isEqualTo(4);
            assertThat(p.length()).isEqualTo("{{greeting to the world".length());
            assertThat(p.message()).contains("not closed");
        });
    }

    @Test
    void anUnterminatedPlaceholderStopsAtTheEndOfItsLineAndTheNextOneStillParses() {
        String text = "a {{half\nb {{whole}}";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.problems()).containsExactly(new SyntaxProblem(2, 6, t.problems().get(0).message()));
        assertThat(t.placeholders()).containsExactly(new Placeholder("whole", 11, 9));
    }

    @Test
    void anUnterminatedPlaceholderStopsAtTheNextOpening() {
        String text = "{{ab {{cd}}";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.problems()).singleElement().satisfies(p -> {
            assertThat(p.start()).isZero();
            assertThat(p.length()).isEqualTo(5);
        });
        assertThat(t.placeholders()).containsExactly(new Placeholder("cd", 5, 6));
    }

    @Test
    void anEscapeAfterAnUnterminatedPlaceholderStillEscapes() {
        PromptTemplate t = PromptTemplate.parse("{{a \\{{b}} {{c}}");

        assertThat(t.problems()).singleElement().satisfies(p -> {
            assertThat(p.start()).isZero();
            assertThat(p.length()).isEqualTo(4);
        });
        assertThat(t.names()).containsExactly("c");
    }

    @Test
    void badNamesAreProblemsCoveringTheWholePlaceholder() {
        String text = "{{1st}} {{first-name}} {{}} {{  }} {{a b}} {{ok}}";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.problems()).extracting(SyntaxProblem::start).containsExactly(0, 8, 23, 28, 35);
        assertThat(t.problems()).extracting(SyntaxProblem::length).containsExactly(7, 14, 4, 6, 7);
        assertThat(t.problems().get(0).message()).contains("\"1st\"");
        assertThat(t.problems().get(2).message()).contains("needs a name");
        assertThat(t.names()).containsExactly("ok");
    }

    @Test
    void aNameOfSixtyFourCharactersIsFineAndSixtyFiveIsNot() {
        String ok = "a".repeat(64);
        String tooLong = "b".repeat(65);

        PromptTemplate t = PromptTemplate.parse("{{" + ok + "}} {{" + tooLong + "}}");

        assertThat(t.names()).containsExactly(ok);
        assertThat(t.problems()).singleElement().satisfies(p -> {
            assertThat(p.start()).isEqualTo(69);
            assertThat(p.message()).contains("at most 64").doesNotContain(tooLong);
        });
    }

    @Test
    void aRepeatedNameIsOnePlaceholderPerOccurrenceAndOneName() {
        PromptTemplate t = PromptTemplate.parse("{{a}} {{b}} {{a}} {{ a }}");

        assertThat(t.placeholders()).extracting(Placeholder::name).containsExactly("a", "b", "a", "a");
        assertThat(t.placeholders()).extracting(Placeholder::start).containsExactly(0, 6, 12, 18);
        assertThat(t.names()).containsExactly("a", "b");
    }

    @Test
    void offsetsCountUtf16CharsSoTextAfterAnEmojiStillLinesUp() {
        String text = "😀 héllo {{name}} ünïcode {{ x_1 }}";

        PromptTemplate t = PromptTemplate.parse(text);

        assertThat(t.problems()).isEmpty();
        for (Placeholder p : t.placeholders()) {
            String cut = text.substring(p.start(), p.start() + p.length());
            assertThat(cut).startsWith("{{").endsWith("}}").contains(p.name());
        }
        assertThat(t.placeholders().get(0).start()).isEqualTo(9);
    }

    @Test
    void aNonAsciiNameIsAProblem() {
        PromptTemplate t = PromptTemplate.parse("{{café}}");

        assertThat(t.problems()).singleElement().satisfies(p -> assertThat(p.length()).isEqualTo(8));
        assertThat(t.placeholders()).isEmpty();
    }

    @Test
    void hashIsTheSha256HexOfTheUtf8Text() {
        assertThat(PromptTemplate.parse("").hash())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(PromptTemplate.parse("abc").hash())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(PromptTemplate.parse("é").hash()).isNotEqualTo(PromptTemplate.parse("e").hash()).hasSize(64);
    }

    @Test
    void aPlainTextHasNoPlaceholdersAndNoProblems() {
        PromptTemplate t = PromptTemplate.parse("just text } with { braces }");

        assertThat(t.placeholders()).isEmpty();
        assertThat(t.names()).isEmpty();
        assertThat(t.problems()).isEmpty();
        assertThat(t.placeholders()).isInstanceOf(List.class);
    }
}
