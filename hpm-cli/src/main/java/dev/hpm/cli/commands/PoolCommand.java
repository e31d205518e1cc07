package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.HpmClient;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code hpm pool list|show|create|update|delete|policy}: the server pools DWM manages, each a
 * set of hypervisors with one DWM policy. A pool is named by its UUID or its name, a host by its
 * id or name (see {@link PoolRefs}).
 */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = {"Server pools: hypervisors that DWM balances, consolidates and powers as one.",
                "list, show, create, update and delete pools; policy shows or changes a pool's DWM policy."},
        subcommands = {PoolCommand.ListPools.class, PoolCommand.Show.class, PoolCommand.Create.class,
                PoolCommand.Update.class, PoolCommand.Delete.class, PoolPolicyCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm pool list", "  hpm pool show prod", "  hpm pool create --name prod --host kvm-a --host kvm-b",
                "  hpm pool policy prod --mode recommend"})
public final class PoolCommand {
    /** {@code hpm pool list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the server pools.", "Mode, hosts (and how many are powered), servers, power draw, "
                    + "migrations in flight and the plan waiting for approval."},
            footerHeading = "%nExamples:%n", footer = {"  hpm pool list", "  hpm pool list --format json"})
    public static final class ListPools extends RemoteCommand {
        @Override
        protected int execute() {
            JsonNode body = client().get("/server-pools");
            output().show(body, out -> PoolViews.list(body, out));
            return 0;
        }
    }

    /** {@code hpm pool show POOL}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Shows one pool in full.", "Its hosts with CPU, memory, power state and maintenance, the "
                    + "servers on each host, and its DWM policy."},
            footerHeading = "%nExamples:%n", footer = {"  hpm pool show prod", "  hpm pool show prod --format json"})
    public static final class Show extends RemoteCommand {
        @Parameters(paramLabel = "POOL", description = "the pool's id or name")
        String pool;

        @Override
        protected int execute() {
            JsonNode p = client().get(PoolRefs.poolPath(client(), pool));
            output().show(p, out -> PoolViews.detail(p, out));
            return 0;
        }
    }

    /** The attributes create and update send. */
    abstract static class Attributes extends RemoteCommand {
        @Option(names = "--name", paramLabel = "NAME", description = "the pool's name")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "what the pool is for")
        String description;

        @Option(names = "--host", paramLabel = "HOST", split = ",",
                description = "a hypervisor of the pool, by id or name; repeatable or comma-separated (replaces the list)")
        List<String> hosts;

        ObjectNode body(HpmClient client) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            if (name != null) {
                body.put("name", name.strip());
            }
            if (description != null) {
                body.put("description", description);
            }
            if (hosts != null) {
                ArrayNode list = body.putArray("hypervisors");
                hosts.stream().map(String::strip).filter(h -> !h.isEmpty()).forEach(h -> list.add(PoolRefs.host(client, h)));
            }
            return body;
        }
    }

    /** {@code hpm pool create --name NAME --host HOST...}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a server pool (admin).", "A hypervisor is in at most one pool. The new pool has the "
                    + "default DWM policy (see hpm pool policy)."},
            footerHeading = "%nExamples:%n",
            footer = {"  hpm pool create --name prod --host kvm-a,kvm-b --description \"the production hosts\""})
    public static final class Create extends Attributes {
        @Override
        protected void validate() {
            if (name == null || name.isBlank()) {
                throw CliFailure.usage("--name is missing: name the new pool, e.g. --name prod");
            }
        }

        @Override
        protected int execute() {
            JsonNode p = client().post("/server-pools", body(client()));
            output().show(p, out -> {
                out.println("Created server pool " + p.path("name").asText() + ".");
                out.println();
                PoolViews.detail(p, out);
            });
            return 0;
        }
    }

    /** {@code hpm pool update POOL ...}. */
    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Changes a pool's name, description or hosts (admin).", "What is not given stays as it is; "
                    + "--host replaces the list of hosts."},
            footerHeading = "%nExamples:%n", footer = {"  hpm pool update prod --host kvm-a,kvm-b,kvm-c",
                    "  hpm pool update prod --name production"})
    public static final class Update extends Attributes {
        @Parameters(paramLabel = "POOL", description = "the pool's id or name")
        String pool;

        @Override
        protected void validate() {
            if (name == null && description == null && hosts == null) {
                throw CliFailure.usage("nothing to change: give --name, --description or --host");
            }
        }

        @Override
        protected int execute() {
            String path = PoolRefs.poolPath(client(), pool);
            JsonNode p = client().post(path, body(client()));
            output().show(p, out -> {
                out.println("Updated server pool " + p.path("name").asText() + ".");
                out.println();
                PoolViews.detail(p, out);
            });
            return 0;
        }
    }

    /** {@code hpm pool delete POOL}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Deletes a server pool (admin).", "Its hosts and servers stay as they are, outside any pool. "
                    + "Refused (exit 5) while one of its plans executes. Prints nothing with --format json."},
            footerHeading = "%nExamples:%n", footer = {"  hpm pool delete test-pool"})
    public static final class Delete extends RemoteCommand {
        @Parameters(paramLabel = "POOL", description = "the pool's id or name")
        String pool;

        @Override
        protected int execute() {
            client().delete(PoolRefs.poolPath(client(), pool));
            output().done("Deleted server pool " + pool + "; its hosts are in no pool now.");
            return 0;
        }
    }
}
