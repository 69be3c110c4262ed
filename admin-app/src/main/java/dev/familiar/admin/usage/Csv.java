package dev.familiar.admin.usage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 writes it (comma, CRLF, a field quoted when it holds a comma, quote, CR or LF, its quotes
 * doubled), with a defence against formula injection: a text field that a spreadsheet would read as a formula
 * (starting with {@code = + - @}, a tab or a CR) is prefixed with an apostrophe. Numbers and dates are written
 * plainly. Pure functions.
 */
public final class Csv {
    private Csv() {
    }

    /** A document: the header, then the rows, each line ending in CRLF. */
    public static String document(List<String> header, List<List<?>> rows) {
        StringBuilder text = new StringBuilder();
        text.append(line(new ArrayList<>(header)));
        rows.forEach(row -> text.append(line(row)));
        return text.toString();
    }

    /** One line with its CRLF. */
    public static String line(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /** One field: a number or date as is, text defended and quoted when needed, null as empty. */
    public static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number || value instanceof LocalDate) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /** The series of a chart side by side: a {@code day} column, then one column per series. */
    public static String series(List<ChartSeries> series) {
        List<String> header = new ArrayList<>();
        header.add("day");
        series.forEach(s -> header.add(s.name()));
        List<List<?>> rows = new ArrayList<>();
        int days = series.isEmpty() ? 0 : series.get(0).points().size();
        for (int i = 0; i < days; i++) {
            List<Object> row = new ArrayList<>();
            row.add(series.get(0).points().get(i).day());
            for (ChartSeries s : series) {
                row.add(s.points().get(i).value());
            }
            rows.add(row);
        }
        return document(header, rows);
    }
}
