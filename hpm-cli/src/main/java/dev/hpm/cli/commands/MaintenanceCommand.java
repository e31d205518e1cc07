package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.cli.remote.ProgressBar;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import dev.hpm.cli.remote.Waiting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code hpm maintenance enter|leave|status HOST [--wait]}: a host's maintenance mode. Entering
 * moves its servers to the pool's other hosts; leaving brings them back when the pool's policy
 * says so. With {@code --wait} the command follows the evacuation with a progress bar on standard
 * error and ends with one line saying what moved and what could not (exit 5 if a server could not).
 */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = {"A host's maintenance mode: enter (move its servers away), leave, status.",
                "With --wait, a progress bar on standard error while the servers move, then what moved and what could "
                + "not. A server that cannot move keeps running where it was."},
        subcommands = {MaintenanceCommand.Enter.class, MaintenanceCommand.Leave.class, MaintenanceCommand.Status.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm maintenance enter kvm-a --wait", "  hpm maintenance status kvm-a", "  hpm maintenance leave kvm-a"})
public final class MaintenanceCommand {
    private MaintenanceCommand() {
    }

    /**
     * Whether the host's servers are still moving: it is entering or leaving, and not only failed
     * servers are left (a server that cannot move keeps running where it is; waiting on would not help).
     * The counts are not used: right after a request they may still be those of the last one.
     */
    static boolean moving(JsonNode m) {
        String state = m.path("state").asText();
        if (!state.equals("entering") && !state.equals("leaving")) {
            return false;
        }
        JsonNode remaining = m.path("remaining");
        if (remaining.isEmpty()) {
            return true;
        }
        for (JsonNode r : remaining) {
            if (!r.path("state").asText().equals("failed")) {
                return true;
            }
        }
        return false;
    }

    /** A maintenance state as labelled lines and the servers still to move. */
    static void show(JsonNode m, PrintWriter out) {
        new Block().add("Host", Cells.text(m, "hypervisor")).add("Maintenance", Cells.text(m, "state"))
                .add("Servers", Cells.text(m, "moved") + " of " + Cells.text(m, "total") + " moved, " + Cells.text(m, "failed")
                        + " failed").add("Progress", Cells.percent(m, "progress"))
                .add("Message", Cells.text(m, "message")).print(out);
        if (!m.path("remaining").isEmpty()) {
            out.println();
            Table t = new Table(Column.left("VIRTUAL SERVER"), Column.left("STATE"), Column.left("DETAIL"));
            m.path("remaining").forEach(r -> t.row(Cells.text(r, "name"), Cells.text(r, "state"), Cells.text(r, "detail")));
            t.print(out, "");
        }
    }

    /** Words beside the bar: "2 of 3 moved; migrating g3". */
    static String words(JsonNode m) {
        List<String> migrating = new ArrayList<>();
        m.path("remaining").forEach(r -> {
            if (r.path("state").asText().equals("migrating")) {
                migrating.add(r.path("name").asText());
            }
        });
        return m.path("moved").asInt(0) + " of " + m.path("total").asInt(0) + " moved"
                + (m.path("failed").asInt(0) > 0 ? ", " + m.path("failed").asInt() + " failed" : "")
                + (migrating.isEmpty() ? "" : "; migrating " + String.join(", ", migrating));
    }

    /** Enter and leave: the POST, then, with --wait, the progress until the servers stop moving. */
    abstract static class Change extends RemoteCommand {
        @Parameters(paramLabel = "HOST", description = "the hypervisor's id or name")
        String host;

        @Option(names = "--wait", description = "follow the move with a progress bar until it ends")
        boolean await;

        @Option(names = "--wait-timeout", paramLabel = "DUR", description = "give up waiting after this (default 30m)")
        String waitTimeout = "30m";

        /** Polls once a second on the machine's clock. */
        private final Waiting waiting = Waiting.system();

        abstract String action();

        @Override
        protected void validate() {
            Waiting.parse("--wait-timeout", waitTimeout);
        }

        @Override
        protected int execute() {
            String path = PoolRefs.hostPath(client(), host, "maintenance");
            JsonNode started = client().post(path, JsonNodeFactory.instance.objectNode().put("action", action()));
            if (!await) {
                output().show(started, out -> {
                    out.println((action().equals("enter") ? "Entering" : "Leaving") + " maintenance on " + host
                            + "; hpm maintenance status " + host + " shows the progress.");
                    out.println();
                    show(started, out);
                });
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            String pool = recommendingPool(PoolRefs.host(client(), host));
            if (pool != null) {
                err.println("hpm: pool " + pool + " is in recommend mode: the moves wait for approval (hpm plan show "
                        + pool + " pending; hpm plan approve " + pool + " pending)");
            }
            ProgressBar bar = new ProgressBar(err, System.console() != null && System.console().isTerminal());
            AtomicReference<JsonNode> now = new AtomicReference<>(started);
            boolean ended = waiting.until(() -> {
                JsonNode m = client().get(path);
                now.set(m);
                bar.update(m.path("progress").asDouble(0), words(m));
                return !moving(m);
            }, Waiting.parse("--wait-timeout", waitTimeout));
            bar.finish();
            JsonNode m = now.get();
            if (!ended) {
                throw new CliFailure(ExitCodes.UNEXPECTED, "still " + Cells.text(m, "state") + " after " + waitTimeout
                        + " (" + words(m) + "); hpm maintenance status " + host + " follows it");
            }
            output().show(m, out -> out.println(summary(m)));
            if (m.path("failed").asInt(0) > 0) {
                if (output().json()) {
                    err.println("hpm: " + summary(m));
                }
                return ExitCodes.CONFLICT;
            }
            return 0;
        }

        /** The name of the pool of hypervisor {@code id} if that pool is in recommend mode, else null. */
        private String recommendingPool(String id) {
            for (JsonNode p : client().get("/server-pools").path("server-pools")) {
                for (JsonNode h : p.path("hypervisors")) {
                    if (h.path("id").asText().equals(id)) {
                        return PoolViews.mode(p).equals("recommend") ? p.path("name").asText() : null;
                    }
                }
            }
            return null;
        }

        /** The final line: the state, what moved, and what could not. */
        String summary(JsonNode m) {
            String message = m.path("message").asText("");
            return host + " is " + (m.path("state").asText().equals("in") ? "in maintenance" : m.path("state").asText().equals("none")
                    ? "out of maintenance" : m.path("state").asText()) + ": " + (message.isEmpty() ? words(m) : message);
        }
    }

    /** {@code hpm maintenance enter HOST}. */
    @Command(name = "enter", mixinStandardHelpOptions = true,
            description = {"Puts a host into maintenance (admin): its servers move to the pool's other hosts.",
                    "DWM then places nothing on it. Exit code 5 with --wait if a server could not move (it keeps "
                    + "running on the host)."},
            footerHeading = "%nExamples:%n", footer = {"  hpm maintenance enter kvm-a --wait"})
    public static final class Enter extends Change {
        @Override
        String action() {
            return "enter";
        }
    }

    /** {@code hpm maintenance leave HOST}. */
    @Command(name = "leave", mixinStandardHelpOptions = true,
            description = {"Takes a host out of maintenance (admin).",
                    "Its servers come back if the pool's policy says migrate-back."},
            footerHeading = "%nExamples:%n", footer = {"  hpm maintenance leave kvm-a --wait"})
    public static final class Leave extends Change {
        @Override
        String action() {
            return "leave";
        }
    }

    /** {@code hpm maintenance status HOST}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"A host's maintenance state.", "none, entering, in or leaving; servers moved, failed and still "
                    + "to move, with why."},
            footerHeading = "%nExamples:%n", footer = {"  hpm maintenance status kvm-a"})
    public static final class Status extends RemoteCommand {
        @Parameters(paramLabel = "HOST", description = "the hypervisor's id or name")
        String host;

        @Override
        protected int execute() {
            JsonNode m = client().get(PoolRefs.hostPath(client(), host, "maintenance"));
            output().show(m, out -> show(m, out));
            return 0;
        }
    }
}
