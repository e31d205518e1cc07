package dev.hpm.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Where a command's results go, in the chosen format: {@code table} (readable text) or
 * {@code json} (the server's JSON, pretty-printed, and nothing else on standard output).
 */
public final class Output {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Format format;

    /** The output formats. */
    public enum Format {
        TABLE, JSON;

        public static Format parse(String text) {
            return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
                case "table" -> TABLE;
                case "json" -> JSON;
                default -> throw CliFailure.usage("--format is \"" + text + "\": use table or json");
            };
        }
    }

    /** The formats, for completion. */
    public static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "json").iterator();
        }
    }

    public Output(PrintWriter out, PrintWriter err, Format format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    public boolean json() {
        return format == Format.JSON;
    }

    /** Prints {@code node} as JSON, or renders it with {@code table}. */
    public void show(JsonNode node, Consumer<PrintWriter> table) {
        if (json()) {
            printJson(node);
        } else {
            table.accept(out);
        }
        out.flush();
    }

    /** Pretty-printed JSON. */
    public void printJson(JsonNode node) {
        out.println(pretty(node));
        out.flush();
    }

    public static String pretty(JsonNode node) {
        try {
            return Documents.json().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A confirmation without a JSON result (e.g. after a delete): printed in table format only. */
    public void done(String message) {
        if (!json()) {
            out.println(message);
            out.flush();
        }
    }

    /** Something the user must read that is not a result: standard output for tables, standard error for JSON. */
    public void note(String message) {
        (json() ? err : out).println(message);
        (json() ? err : out).flush();
    }
}
