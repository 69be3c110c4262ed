package dev.familiar.admin.promptlab.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line and word diff by longest common subsequence, small enough to read: the common prefix and suffix are cut
 * first, then an LCS table is filled for the middle. Past {@link #MAX_CELLS} table cells (two texts of a few
 * thousand differing lines each) the middle is shown as removed and inserted as a whole rather than freezing the
 * console. Pure and thread-safe.
 */
public final class TextDiff {
    /** The largest LCS table filled (cells); larger middles are shown as one removal and one insertion. */
    static final long MAX_CELLS = 4_000_000L;
    private static final Pattern WORD_TOKENS = Pattern.compile("\\w+|\\s+|[^\\w\\s]");

    /** What an edit does to the left text to get the right one. */
    public enum Op { EQUAL, DELETE, INSERT }

    /** One piece of text: kept, removed from the left, or inserted on the right. */
    public record Edit(Op op, String text) {
        public Edit {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(text, "text");
        }
    }

    /** What a side-by-side row shows. */
    public enum RowKind { SAME, REMOVED, INSERTED, CHANGED }

    /**
     * One row of a side-by-side view: the left line (null for an inserted one) and the right line (null for a
     * removed one); for a changed line, both split into words, the left with EQUAL/DELETE pieces and the right with
     * EQUAL/INSERT pieces, so the view highlights exactly the words that differ.
     */
    public record Row(RowKind kind, String left, String right, List<Edit> leftWords, List<Edit> rightWords) {
        public Row {
            leftWords = List.copyOf(leftWords);
            rightWords = List.copyOf(rightWords);
        }
    }

    private TextDiff() {
    }

    /** The line edits turning {@code left} into {@code right}, one edit per line (line breaks not included). */
    public static List<Edit> lines(String left, String right) {
        return diff(splitLines(left), splitLines(right), false);
    }

    /** The word edits turning {@code left} into {@code right}; consecutive pieces of one kind are merged. */
    public static List<Edit> words(String left, String right) {
        return diff(tokens(left), tokens(right), true);
    }

    /** The side-by-side rows of a line diff; a removed line followed by an inserted one is one changed row. */
    public static List<Row> sideBySide(String left, String right) {
        List<Edit> edits = lines(left, right);
        List<Row> rows = new ArrayList<>();
        int i = 0;
        while (i < edits.size()) {
            Edit edit = edits.get(i);
            if (edit.op() == Op.EQUAL) {
                rows.add(new Row(RowKind.SAME, edit.text(), edit.text(),
                        List.of(edit), List.of(edit)));
                i++;
                continue;
            }
            List<String> removed = new ArrayList<>();
            List<String> inserted = new ArrayList<>();
            while (i < edits.size() && edits.get(i).op() != Op.EQUAL) {
                (edits.get(i).op() == Op.DELETE ? removed : inserted).add(edits.get(i).text());
                i++;
            }
            int paired = Math.min(removed.size(), inserted.size());
            for (int k = 0; k < paired; k++) {
                List<Edit> wordEdits = words(removed.get(k), inserted.get(k));
                rows.add(new Row(RowKind.CHANGED, removed.get(k), inserted.get(k),
                        wordEdits.stream().filter(e -> e.op() != Op.INSERT).toList(),
                        wordEdits.stream().filter(e -> e.op() != Op.DELETE).toList()));
            }
            for (int k = paired; k < removed.size(); k++) {
                rows.add(new Row(RowKind.REMOVED, removed.get(k), null,
                        List.of(new Edit(Op.DELETE, removed.get(k))), List.of()));
            }
            for (int k = paired; k < inserted.size(); k++) {
                rows.add(new Row(RowKind.INSERTED, null, inserted.get(k),
                        List.of(), List.of(new Edit(Op.INSERT, inserted.get(k)))));
            }
        }
        return rows;
    }

    /** Whether a side-by-side diff shows any difference. */
    public static boolean identical(List<Row> rows) {
        return rows.stream().allMatch(row -> row.kind() == RowKind.SAME);
    }

    /** The lines of {@code text}: none for null or empty text; a trailing line break gives a last empty line. */
    static List<String> splitLines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\r?\n", -1));
    }

    /** Words, runs of white space, and single punctuation characters: joined again they give the text back. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        Matcher matcher = WORD_TOKENS.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    /** The LCS edits of two token lists; {@code merge} joins consecutive edits of one kind into one. */
    static List<Edit> diff(List<String> a, List<String> b, boolean merge) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<Edit> edits = new ArrayList<>();
        for (int k = 0; k < prefix; k++) {
            add(edits, new Edit(Op.EQUAL, a.get(k)), merge);
        }
        List<String> midA = a.subList(prefix, a.size() - suffix);
        List<String> midB = b.subList(prefix, b.size() - suffix);
        if ((long) midA.size() * midB.size() > MAX_CELLS) {
            midA.forEach(t -> add(edits, new Edit(Op.DELETE, t), merge));
            midB.forEach(t -> add(edits, new Edit(Op.INSERT, t), merge));
        } else {
            middle(midA, midB, edits, merge);
        }
        for (int k = a.size() - suffix; k < a.size(); k++) {
            add(edits, new Edit(Op.EQUAL, a.get(k)), merge);
        }
        return edits;
    }

    /** Fills the suffix LCS table and walks it from the start; on a tie a removal comes before an insertion. */
    private static void middle(List<String> a, List<String> b, List<Edit> edits, boolean merge) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                add(edits, new Edit(Op.EQUAL, a.get(i)), merge);
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                add(edits, new Edit(Op.DELETE, a.get(i++)), merge);
            } else {
                add(edits, new Edit(Op.INSERT, b.get(j++)), merge);
            }
        }
        while (i < n) {
            add(edits, new Edit(Op.DELETE, a.get(i++)), merge);
        }
        while (j < m) {
            add(edits, new Edit(Op.INSERT, b.get(j++)), merge);
        }
    }

    private static void add(List<Edit> edits, Edit edit, boolean merge) {
        if (merge && !edits.isEmpty() && edits.get(edits.size() - 1).op() == edit.op()) {
            Edit last = edits.remove(edits.size() - 1);
            edits.add(new Edit(edit.op(), last.text() + edit.text()));
        } else {
            edits.add(edit);
        }
    }
}
