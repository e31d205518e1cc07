package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Waiting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code hpm power on|off|status HOST}: a host's power through its driver (IPMI, Wake-on-LAN or
 * the simulator's). Off is refused (exit 5) while a server runs on the host.
 */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = {"A host's power: on, off, status.",
                "Through the host's power driver (ipmi, wol, simulated). off is refused while a server runs on it: "
                + "enter maintenance first. A power-on that misses its deadline leaves the host power-on-failed."},
        subcommands = {PowerCommand.On.class, PowerCommand.Off.class, PowerCommand.Status.class},
        footerHeading = "%nExamples:%n", footer = {"  hpm power status kvm-b", "  hpm power on kvm-b --wait"})
public final class PowerCommand {
    private PowerCommand() {
    }

    static void show(JsonNode p, PrintWriter out) {
        new Block().add("Host", Cells.text(p, "hypervisor")).add("Power", Cells.text(p, "state"))
                .add("Driver", Cells.text(p, "driver")).add("Draw", Cells.number(p, "watts", 0) + " W")
                .add("Since", Cells.time(p, "since")).add("Detail", Cells.text(p, "detail")).print(out);
    }

    /** on and off: the POST, then the state (with --wait, once it settled). */
    abstract static class Switch extends RemoteCommand {
        @Parameters(paramLabel = "HOST", description = "the hypervisor's id or name")
        String host;

        @Option(names = "--wait", description = "wait until the host is on (or off), or its power-on failed")
        boolean await;

        @Option(names = "--wait-timeout", paramLabel = "DUR", description = "give up waiting after this (default 10m)")
        String waitTimeout = "10m";

        private final Waiting waiting = Waiting.system();

        abstract String action();

        @Override
        protected void validate() {
            Waiting.parse("--wait-timeout", waitTimeout);
        }

        @Override
        protected int execute() {
            String path = PoolRefs.hostPath(client(), host, "power");
            client().post(path, JsonNodeFactory.instance.objectNode().put("action", action()));
            AtomicReference<JsonNode> now = new AtomicReference<>(client().get(path));
            if (await && !waiting.until(() -> settled(now.updateAndGet(x -> client().get(path))),
                    Waiting.parse("--wait-timeout", waitTimeout))) {
                throw new CliFailure(ExitCodes.UNEXPECTED, host + " is still " + Cells.text(now.get(), "state") + " after "
                        + waitTimeout + "; hpm power status " + host + " follows it");
            }
            JsonNode p = now.get();
            output().show(p, out -> {
                out.println("Asked " + host + " to power " + action() + "; it is " + Cells.text(p, "state") + " now.");
                out.println();
                show(p, out);
            });
            return p.path("state").asText().equals("power-on-failed") ? ExitCodes.CONFLICT : 0;
        }

        private static boolean settled(JsonNode p) {
            String s = p.path("state").asText();
            return s.equals("on") || s.equals("off") || s.equals("power-on-failed");
        }
    }

    /** {@code hpm power on HOST}. */
    @Command(name = "on", mixinStandardHelpOptions = true,
            description = {"Powers a host on (admin).", "With --wait, until libvirt answers on it or the power-on deadline "
                    + "passes (then exit 5, the host power-on-failed)."},
            footerHeading = "%nExamples:%n", footer = {"  hpm power on kvm-b --wait"})
    public static final class On extends Switch {
        @Override
        String action() {
            return "on";
        }
    }

    /** {@code hpm power off HOST}. */
    @Command(name = "off", mixinStandardHelpOptions = true,
            description = {"Powers a host off (admin).", "Refused (exit 5) while a server runs on it."},
            footerHeading = "%nExamples:%n", footer = {"  hpm maintenance enter kvm-b --wait && hpm power off kvm-b"})
    public static final class Off extends Switch {
        @Override
        String action() {
            return "off";
        }
    }

    /** {@code hpm power status HOST}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"A host's power state.", "State, driver, power draw, since when, and why if it failed."},
            footerHeading = "%nExamples:%n", footer = {"  hpm power status kvm-b"})
    public static final class Status extends RemoteCommand {
        @Parameters(paramLabel = "HOST", description = "the hypervisor's id or name")
        String host;

        @Override
        protected int execute() {
            JsonNode p = client().get(PoolRefs.hostPath(client(), host, "power"));
            output().show(p, out -> show(p, out));
            return 0;
        }
    }
}
