package org.plotracker.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    private static List<CsvParser.Row> parse(String text) throws IOException {
        CsvParser parser = new CsvParser(new StringReader(text));
        List<CsvParser.Row> rows = new ArrayList<>();
        for (CsvParser.Row row = parser.next(); row != null; row = parser.next()) {
            rows.add(row);
        }
        return rows;
    }

    @Test
    void readsPlainAndQuotedFieldsWithTheirLineNumbers() throws IOException {
        List<CsvParser.Row> rows = parse("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",3\n4,,\n");
        assertThat(rows).extracting(CsvParser.Row::line).containsExactly(1, 2, 4, 6);
        assertThat(rows.get(1).values()).containsExactly("1", "x, y", "say \"hi\"");
        assertThat(rows.get(2).values()).containsExactly("2", "two\nlines", "3");
        assertThat(rows.get(3).values()).containsExactly("4", "", "");
    }

    @Test
    void skipsAByteOrderMarkAndHandlesAMissingFinalNewline() throws IOException {
        List<CsvParser.Row> rows = parse("\uFEFFeventId,patientId\ne1,P1");
        assertThat(rows.get(0).values()).containsExactly("eventId", "patientId");
        assertThat(rows.get(1).values()).containsExactly("e1", "P1");
    }

    @Test
    void anUnterminatedQuoteNamesTheLineItStartsOn() {
        assertThatThrownBy(() -> parse("a,b\n1,\"open\n2,3\n"))
                .isInstanceOfSatisfying(CsvParser.MalformedCsvException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("not closed");
                });
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() {
        assertThatThrownBy(() -> parse("a,b\n\"x\"y,2\n")).isInstanceOf(CsvParser.MalformedCsvException.class)
                .hasMessageStartingWith("line 2:");
    }
}
