package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;

import java.io.PrintWriter;

/** Users as a table. */
final class UserViews {
    private UserViews() {
    }

    static void table(Iterable<JsonNode> users, PrintWriter out) {
        Table t = new Table(Column.left("NAME"), Column.left("ROLE"), Column.left("CREATED"));
        users.forEach(u -> t.row(Cells.text(u, "name"), Cells.text(u, "role"), Cells.time(u, "created")));
        t.print(out, "(no users)");
    }

    static String path(String name) {
        return "/users/" + Query.encode(name);
    }
}
