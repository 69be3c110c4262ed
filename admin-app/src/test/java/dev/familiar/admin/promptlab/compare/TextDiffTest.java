package dev.familiar.admin.promptlab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.promptlab.compare.TextDiff.Edit;
import dev.familiar.admin.promptlab.compare.TextDiff.Op;
import dev.familiar.admin.promptlab.compare.TextDiff.Row;
import dev.familiar.admin.promptlab.compare.TextDiff.RowKind;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextDiffTest {

    /** Left, right, and the line edits written as " same", "-removed", "+inserted", joined by "|". */
    static Stream<Arguments> lineCases() {
        return Stream.of(
                Arguments.of("", "", ""),
                Arguments.of("a", "a", " a"),
                Arguments.of("", "a", "+a"),
                Arguments.of("a", "", "-a"),
                Arguments.of("a\nb\nc", "a\nb\nc", " a| b| c"),
                Arguments.of("a\nb\nc", "a\nc", " a|-b| c"),
                Arguments.of("a\nc", "a\nb\nc", " a|+b| c"),
                Arguments.of("a\nb\nc", "a\nx\nc", " a|-b|+x| c"),
                Arguments.of("a\nb", "b\na", "-a| b|+a"),
                Arguments.of("x\na\nb\nc\ny", "a\nb\nz\nc", "-x| a| b|+z| c|-y"),
                Arguments.of("a\nb\nc\nd", "d\nc\nb\na", "-a|-b|-c| d|+c|+b|+a"),
                Arguments.of("one\r\ntwo", "one\ntwo", " one| two"),
                Arguments.of("a\n", "a", " a|-"),
                Arguments.of("same\nsame\nold", "same\nnew\nsame", " same|+new| same|-old"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("lineCases")
    void lineDiffsAreMinimalAndInOrder(String left, String right, String expected) {
        assertThat(render(TextDiff.lines(left, right))).isEqualTo(expected);
    }

    /** Left, right, and the merged word edits written as [-removed][+inserted] around kept text. */
    static Stream<Arguments> wordCases() {
        return Stream.of(
                Arguments.of("Hello world", "Hello world", "Hello world"),
                Arguments.of("Hello world", "Hello there world", "Hello [+there ]world"),
                Arguments.of("Be short and kind.", "Be brief and kind.", "Be [-short][+brief] and kind."),
                Arguments.of("tone: {{tone}}", "tone: {{style}}", "tone: {{[-tone][+style]}}"),
                Arguments.of("a b c", "", "[-a b c]"),
                Arguments.of("", "x", "[+x]"),
                Arguments.of("{\"a\":1}", "{\"a\":2}", "{\"a\":[-1][+2]}"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("wordCases")
    void wordDiffsHighlightOnlyTheWordsThatDiffer(String left, String right, String expected) {
        String rendered = TextDiff.words(left, right).stream().map(e -> switch (e.op()) {
            case EQUAL -> e.text();
            case DELETE -> "[-" + e.text() + "]";
            case INSERT -> "[+" + e.text() + "]";
        }).collect(Collectors.joining());
        assertThat(rendered).isEqualTo(expected);
    }

    @Test
    void wordEditsGiveBothTextsBack() {
        String left = "Summarise the text for {{audience}}, in {{words}} words.";
        String right = "Summarise this text for {{reader}} in at most {{words}} words!";
        List<Edit> edits = TextDiff.words(left, right);
        assertThat(join(edits, Op.INSERT)).isEqualTo(left);
        assertThat(join(edits, Op.DELETE)).isEqualTo(right);
    }

    @Test
    void sideBySidePairsARemovedLineWithTheInsertedOneAndDiffsTheirWords() {
        List<Row> rows = TextDiff.sideBySide("keep\nold line here\ngone", "keep\nnew line here");

        assertThat(rows).extracting(Row::kind).containsExactly(RowKind.SAME, RowKind.CHANGED, RowKind.REMOVED);
        Row changed = rows.get(1);
        assertThat(changed.left()).isEqualTo("old line here");
        assertThat(changed.right()).isEqualTo("new line here");
        assertThat(changed.leftWords()).containsExactly(new Edit(Op.DELETE, "old"), new Edit(Op.EQUAL, " line here"));
        assertThat(changed.rightWords()).containsExactly(new Edit(Op.INSERT, "new"), new Edit(Op.EQUAL, " line here"));
        assertThat(rows.get(2).right()).isNull();
        assertThat(TextDiff.identical(rows)).isFalse();
        assertThat(TextDiff.identical(TextDiff.sideBySide("a\nb", "a\nb"))).isTrue();
    }

    @Test
    void insertedLinesBeyondThePairedOnesStandAlone() {
        List<Row> rows = TextDiff.sideBySide("a", "b\nc");

        assertThat(rows).extracting(Row::kind).containsExactly(RowKind.CHANGED, RowKind.INSERTED);
        assertThat(rows.get(1).left()).isNull();
        assertThat(rows.get(1).right()).isEqualTo("c");
    }

    @Test
    void aMiddleTooLargeForTheTableIsShownAsOneRemovalAndOneInsertion() {
        int lines = (int) Math.sqrt(TextDiff.MAX_CELLS) + 10;
        String left = "head\n" + IntStream.range(0, lines).mapToObj(i -> "l" + i).collect(Collectors.joining("\n"))
                + "\ntail";
        String right = "head\n" + IntStream.range(0, lines).mapToObj(i -> "r" + i).collect(Collectors.joining("\n"))
                + "\ntail";

        List<Edit> edits = TextDiff.lines(left, right);

        assertThat(edits).hasSize(2 + 2 * lines);
        assertThat(edits.get(0)).isEqualTo(new Edit(Op.EQUAL, "head"));
        assertThat(edits.get(1)).isEqualTo(new Edit(Op.DELETE, "l0"));
        assertThat(edits.get(lines + 1)).isEqualTo(new Edit(Op.INSERT, "r0"));
        assertThat(edits.get(edits.size() - 1)).isEqualTo(new Edit(Op.EQUAL, "tail"));
    }

    private static String render(List<Edit> edits) {
        return edits.stream().map(e -> switch (e.op()) {
            case EQUAL -> " " + e.text();
            case DELETE -> "-" + e.text();
            case INSERT -> "+" + e.text();
        }).collect(Collectors.joining("|"));
    }

    private static String join(List<Edit> edits, Op without) {
        return edits.stream().filter(e -> e.op() != without).map(Edit::text).collect(Collectors.joining());
    }
}
