package dev.familiar.server.audit.query;

import dev.familiar.model.audit.AuditEntryView;
import java.io.IOException;
import java.io.Writer;

/**
 * The audit log as CSV (RFC 4180: comma separated, CRLF line ends, a field with a comma, quote, CR or LF in double
 * quotes with its quotes doubled), one header line then one line per entry. A spreadsheet would run a cell that starts
 * with {@code = + - @}, a tab or a CR as a formula, and actors, targets and addresses come from callers: such a cell
 * gets a leading apostrophe.
 */
public final class AuditCsv {
    public static final String HEADER = "id,at,tenantId,actor,action,target,outcome,requestId,clientAddress";

    private AuditCsv() {
    }

    public static void writeHeader(Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
    }

    public static void writeRow(Writer out, AuditEntryView e) throws IOException {
        String[] cells = {e.id(), e.at() == null ? null : e.at().toString(), e.tenantId(), e.actor(), e.action(),
                e.target(), e.outcome(), e.requestId(), e.clientAddress()};
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    /** One field: defused against formulas, then quoted when it needs to be. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = value;
        char first = text.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            text = "'" + text;
        }
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char ch = text.charAt(i);
            quote = ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
        }
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
