package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code hpm mgmt-level}: shows the management levels, or sets several in one all-or-nothing request. */
@Command(name = "mgmt-level", mixinStandardHelpOptions = true,
        description = {"Shows or sets management levels (none, monitor, manage).",
                "Without options: the pool's default, each hypervisor's, and the servers with a level of their own. "
                + "With --default, --hypervisor or --vs it sets them (admin) in one request: all change, or, if any is "
                + "invalid, none. none: ignored; monitor: measured only; manage: HPM may change CPU shares and caps; "
                + "default removes a host's or server's own level."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm mgmt-level", "  hpm mgmt-level --default monitor",
                "  hpm mgmt-level --hypervisor qemu:///system=manage \\",
                "      --vs trade-1=none --vs batch-1=default"})
public final class MgmtLevelCommand extends RemoteCommand {
    @Option(names = "--default", paramLabel = "LEVEL", description = "the pool's default level: none, monitor or manage")
    String fallback;

    @Option(names = "--hypervisor", paramLabel = "ID=LEVEL", description = "a hypervisor's level (repeatable)")
    List<String> hypervisors = List.of();

    @Option(names = "--vs", paramLabel = "ID=LEVEL", description = "a virtual server's level, by UUID or name (repeatable)")
    List<String> servers = List.of();

    @Override
    protected void validate() {
        hypervisors.forEach(a -> split("--hypervisor", a));
        servers.forEach(a -> split("--vs", a));
    }

    @Override
    protected int execute() {
        JsonNode levels;
        if (fallback == null && hypervisors.isEmpty() && servers.isEmpty()) {
            levels = client().get("/mgmt-levels");
        } else {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (fallback != null) {
                body.put("default", fallback);
            }
            entries(body.putArray("hypervisors"), "--hypervisor", hypervisors);
            entries(body.putArray("virtual-servers"), "--vs", servers);
            levels = client().post("/mgmt-levels", body);
        }
        output().show(levels, out -> table(levels, out));
        return 0;
    }

    private static void entries(ArrayNode list, String option, List<String> assignments) {
        for (String a : assignments) {
            String[] idLevel = split(option, a);
            list.addObject().put("id", idLevel[0]).put("management-level", idLevel[1]);
        }
    }

    /** {@code ID=LEVEL} split at the last '='. */
    private static String[] split(String option, String assignment) {
        int eq = assignment.lastIndexOf('=');
        if (eq <= 0 || eq == assignment.length() - 1) {
            throw CliFailure.usage(option + " is \"" + assignment + "\": write ID=LEVEL, e.g. " + option
                    + (option.equals("--vs") ? " trade-1=monitor" : " qemu:///system=manage"));
        }
        return new String[]{assignment.substring(0, eq).strip(), assignment.substring(eq + 1).strip()};
    }

    static void table(JsonNode levels, PrintWriter out) {
        out.println("Default level: " + Cells.text(levels, "default"));
        out.println();
        Table hosts = new Table(Column.left("HYPERVISOR"), Column.left("NAME"), Column.left("LEVEL"), Column.left("OWN LEVEL"));
        for (JsonNode h : levels.path("hypervisors")) {
            hosts.row(Cells.text(h, "id"), Cells.text(h, "name"), Cells.text(h, "management-level"),
                    Cells.text(h, "own-management-level"));
        }
        hosts.print(out, "(no hypervisors)");
        out.println();
        Table vs = new Table(Column.left("VIRTUAL SERVER"), Column.left("LEVEL"), Column.left("ID"));
        for (JsonNode s : levels.path("virtual-servers")) {
            vs.row(Cells.text(s, "name"), Cells.text(s, "management-level"), Cells.text(s, "id"));
        }
        vs.print(out, "(no virtual server has a level of its own)");
    }
}
