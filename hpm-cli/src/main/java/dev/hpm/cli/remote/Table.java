package dev.hpm.cli.remote;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text table: a header row and aligned columns two spaces apart, numbers right-aligned, each
 * column at most its maximum width (longer cells end in "…") except the last, which runs on.
 * Null cells print as "-".
 */
public final class Table {
    /** Widest a column gets unless it says otherwise. */
    public static final int DEFAULT_MAX = 40;
    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    /** A column: its header, alignment and maximum width. */
    public record Column(String header, boolean right, int max) {
        public static Column left(String header) {
            return new Column(header, false, DEFAULT_MAX);
        }

        public static Column left(String header, int max) {
            return new Column(header, false, max);
        }

        public static Column right(String header) {
            return new Column(header, true, DEFAULT_MAX);
        }
    }

    public Table(Column... columns) {
        this.columns = List.of(columns);
    }

    /** Adds a row; there must be one cell per column. */
    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalStateException(cells.length + " cells for " + columns.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
        return this;
    }

    /** Prints the table, or {@code none} (e.g. "(no tokens)") when it has no rows. */
    public void print(PrintWriter out, String none) {
        if (rows.isEmpty()) {
            out.println(none);
            return;
        }
        int[] width = new int[columns.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = columns.get(c).header().length();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
            }
            if (c < width.length - 1) {
                width[c] = Math.min(width[c], Math.max(columns.get(c).max(), columns.get(c).header().length()));
            }
        }
        line(out, columns.stream().map(Column::header).toArray(String[]::new), width);
        rows.forEach(r -> line(out, r, width));
    }

    private void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            boolean last = c == cells.length - 1;
            String cell = !last && cells[c].length() > width[c] ? cells[c].substring(0, width[c] - 1) + "…" : cells[c];
            String pad = " ".repeat(Math.max(0, width[c] - cell.length()));
            s.append(columns.get(c).right() ? pad + cell : last ? cell : cell + pad);
            if (!last) {
                s.append("  ");
            }
        }
        out.println(s.toString().stripTrailing());
    }
}
