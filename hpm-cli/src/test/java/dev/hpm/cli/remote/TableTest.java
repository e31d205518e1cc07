package dev.hpm.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Table layout and cell formatting. */
class TableTest {
    static String print(Table t) {
        StringWriter s = new StringWriter();
        t.print(new PrintWriter(s, true), "(none)");
        return s.toString();
    }

    @Test
    void print_alignsColumns_numbersRight_truncatesAllButTheLast() {
        Table t = new Table(Table.Column.left("NAME", 8), Table.Column.right("PI"), Table.Column.left("REASON"));
        t.row("trade-1", "0.97", "short");
        t.row("a-very-long-name", null, "a reason that runs on past any width");
        assertThat(print(t)).isEqualTo("""
                NAME        PI  REASON
                trade-1   0.97  short
                a-very-…     -  a reason that runs on past any width
                """);
    }

    @Test
    void print_empty_saysSo() {
        assertThat(print(new Table(Table.Column.left("A")))).isEqualTo("(none)\n");
    }

    @Test
    void cells_formatUnknownNumbersTimesAndCounters() {
        JsonNode o = Documents.parseJson("""
                {"pi": 0.9333, "none": null, "time": "2026-11-22T02:10:25.415389064Z", "counter": -1, "util": 0.934,
                 "tags": ["a", "b"], "flag": true}""", "test");
        assertThat(Cells.number(o, "pi", 2)).isEqualTo("0.93");
        assertThat(Cells.number(o, "none", 2)).isEqualTo("-");
        assertThat(Cells.number(o, "absent", 2)).isEqualTo("-");
        assertThat(Cells.time(o, "time")).isEqualTo("2026-11-22T02:10:25Z");
        assertThat(Cells.counter(o, "counter")).isEqualTo("-");
        assertThat(Cells.percent(o, "util")).isEqualTo("93%");
        assertThat(Cells.text(o, "tags")).isEqualTo("a, b");
        assertThat(Cells.yesNo(o, "flag")).isEqualTo("yes");
    }
}
