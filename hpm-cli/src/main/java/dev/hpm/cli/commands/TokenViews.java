package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;

import java.io.PrintWriter;

/** API tokens as a table (never their secrets). */
final class TokenViews {
    private TokenViews() {
    }

    static void table(Iterable<JsonNode> tokens, PrintWriter out) {
        Table t = new Table(Column.left("ID"), Column.left("LABEL"), Column.left("CREATED"), Column.left("LAST USED"));
        tokens.forEach(k -> t.row(Cells.text(k, "id"), Cells.text(k, "label"), Cells.time(k, "created"),
                Cells.time(k, "last-used")));
        t.print(out, "(no tokens)");
    }
}
