package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hpm audit}: the audit log of changes. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"The audit log of every change, newest first (admin).",
                "When, who, what and to what."},
        footerHeading = "%nExamples:%n", footer = {"  hpm audit", "  hpm audit --from -7d --limit 50"})
public final class AuditCommand extends RemoteCommand {
    @Option(names = "--from", paramLabel = "T",
            description = "start: ISO-8601, now, or relative like -7d (default: a day before --to)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "end (default now)")
    String to;

    @Option(names = "--limit", paramLabel = "N", description = "at most N entries (1 to 10000; default 500)")
    Integer limit;

    @Override
    protected int execute() {
        JsonNode body = client().get("/audit", Query.of().add("from", from).add("to", to).add("limit", limit));
        output().show(body, out -> {
            Table t = new Table(Column.left("TIME"), Column.left("USER"), Column.left("ACTION"), Column.left("TARGET"),
                    Column.left("DETAIL"));
            body.path("entries").forEach(e -> t.row(Cells.time(e, "time"), Cells.text(e, "user"), Cells.text(e, "action"),
                    Cells.text(e, "target"), Cells.text(e, "detail")));
            t.print(out, "(no changes in this range)");
        });
        return 0;
    }
}
