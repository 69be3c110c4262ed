package dev.familiar.server.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.audit.AuditEntryView;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CSV cells: RFC 4180 quoting and the spreadsheet formula defence; the cursor's round trip and refusals. */
class AuditCsvTest {
    @Test
    void plainCellsStayAsTheyAre() {
        assertThat(AuditCsv.cell("users.invite")).isEqualTo("users.invite");
        assertThat(AuditCsv.cell(null)).isEmpty();
        assertThat(AuditCsv.cell("")).isEmpty();
        assertThat(AuditCsv.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("one\ntwo")).isEqualTo("\"one\ntwo\"");
        assertThat(AuditCsv.cell("one\rtwo")).isEqualTo("\"one\rtwo\"");
    }

    @Test
    void cellsAFormulaCouldStartWithGetALeadingApostrophe() {
        assertThat(AuditCsv.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(AuditCsv.cell("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.cell("-1")).isEqualTo("'-1");
        assertThat(AuditCsv.cell("@cmd")).isEqualTo("'@cmd");
        assertThat(AuditCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(AuditCsv.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(AuditCsv.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    }

    @Test
    void aRowIsNineCellsEndedByCrLf() throws Exception {
        StringWriter out = new StringWriter();
        AuditCsv.writeHeader(out);
        AuditCsv.writeRow(out, new AuditEntryView("id-1", Instant.parse("2026-03-01T10:15:30.123Z"), null, "u-1",
                "users.invite", "a,b", "SUCCESS", "r-1", "127.0.0.1"));
        assertThat(out.toString()).isEqualTo(AuditCsv.HEADER + "\r\n"
                + "id-1,2026-03-01T10:15:30.123Z,,u-1,users.invite,\"a,b\",SUCCESS,r-1,127.0.0.1\r\n");
    }

    @Test
    void aCursorRoundTripsAndAnythingElseIsRefused() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2026-03-01T10:15:30.123456Z"),
                "0b6f0a52-1f7e-4d84-9b8a-4c1b9f3e2a10");
        assertThat(AuditCursor.decode(cursor.encode())).contains(cursor);
        assertThat(AuditCursor.decode("")).isEmpty();
        assertThat(AuditCursor.decode("not base64!")).isEqualTo(Optional.empty());
        assertThat(AuditCursor.decode(cursor.encode() + "A")).isEmpty();
    }
}
