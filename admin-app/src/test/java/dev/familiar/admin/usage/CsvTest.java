package dev.familiar.admin.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void plainTextNumbersAndDatesAreWrittenAsIs() {
        assertThat(Csv.line(Arrays.asList("openai", 42L, new BigDecimal("0.0000020"), LocalDate.of(2026, 1, 2), null)))
                .isEqualTo("openai,42,0.0000020,2026-01-02,\r\n");
    }

    @Test
    void aFieldWithACommaQuoteOrLineBreakIsQuotedWithItsQuotesDoubled() {
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
    }

    @Test
    void textASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertThat(List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx").stream().map(Csv::field))
                .containsExactly("'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx");
        assertThat(Csv.field("=A1,B1")).isEqualTo("\"'=A1,B1\"");
        assertThat(Csv.field("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(Csv.field(-5L)).as("numbers are ours, not text").isEqualTo("-5");
        assertThat(Csv.field("a=b")).isEqualTo("a=b");
    }

    @Test
    void seriesAreWrittenSideBySideByDay() {
        LocalDate day = LocalDate.of(2026, 3, 1);
        ChartSeries a = new ChartSeries("openai", List.of(new ChartPoint(day, 1, false),
                new ChartPoint(day.plusDays(1), 2, true)));
        ChartSeries b = new ChartSeries("anthropic, EU", List.of(new ChartPoint(day, 3, false),
                new ChartPoint(day.plusDays(1), 0, false)));
        assertThat(Csv.series(List.of(a, b))).isEqualTo(
                "day,openai,\"anthropic, EU\"\r\n2026-03-01,1,3\r\n2026-03-02,2,0\r\n");
        assertThat(Csv.series(List.of())).isEqualTo("day\r\n");
    }
}
