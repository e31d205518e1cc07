package dev.hpm.cli.remote;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Labelled values one per line, the values aligned: {@code Name:        Trading}. Null values print as "-". */
public final class Block {
    private final List<String[]> lines = new ArrayList<>();

    public Block add(String label, Object value) {
        lines.add(new String[]{label + ":", value == null ? "-" : value.toString()});
        return this;
    }

    public void print(PrintWriter out) {
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        for (String[] l : lines) {
            out.println((l[0] + " ".repeat(width - l[0].length()) + "  " + l[1]).stripTrailing());
        }
    }
}
