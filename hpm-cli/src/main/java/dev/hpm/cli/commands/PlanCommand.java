package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.cli.remote.HpmClient;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Iterator;
import java.util.List;

/**
 * {@code hpm plan list|show|approve|reject}: DWM's plans for a pool. In recommend mode a plan
 * waits as pending until an admin approves it (it then executes) or rejects it. PLAN is a plan's
 * id, or {@code pending} for the pool's pending plan, or {@code latest} for its newest.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"DWM's plans for a pool: list, show, approve, reject.",
                "Each plan lists its actions with their reasons, and the indicators before, projected and achieved. "
                + "PLAN is a plan id, pending (the plan waiting for approval) or latest."},
        subcommands = {PlanCommand.ListPlans.class, PlanCommand.Show.class, PlanCommand.Approve.class,
                PlanCommand.Reject.class},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm plan list prod", "  hpm plan show prod pending", "  hpm plan approve prod pending"})
public final class PlanCommand {
    private PlanCommand() {
    }

    /** The API path of a plan; {@code pending} and {@code latest} are looked up. */
    static String planPath(HpmClient client, String poolPath, String plan) {
        String id = plan;
        if (plan.equals("pending")) {
            JsonNode pending = client.get(poolPath).path("pending-plan");
            if (!pending.isTextual()) {
                throw new CliFailure(ExitCodes.NOT_FOUND, "the pool has no pending plan now (hpm plan list shows its plans)");
            }
            id = pending.asText();
        } else if (plan.equals("latest")) {
            JsonNode plans = client.get(poolPath + "/plans", Query.of().add("limit", 1)).path("plans");
            if (plans.isEmpty()) {
                throw new CliFailure(ExitCodes.NOT_FOUND, "the pool has no plans yet");
            }
            id = plans.get(0).path("id").asText();
        }
        return poolPath + "/plans/" + Query.encode(id);
    }

    /** {@code hpm plan list POOL}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists a pool's plans, newest first.", "Status, goal, actions done of all, and a summary."},
            footerHeading = "%nExamples:%n", footer = {"  hpm plan list prod", "  hpm plan list prod --status pending"})
    public static final class ListPlans extends RemoteCommand {
        @Parameters(paramLabel = "POOL", description = "the pool's id or name")
        String pool;

        @Option(names = "--status", paramLabel = "STATUS", completionCandidates = Statuses.class,
                description = "only plans in this status: pending, executing, executed, rejected, superseded, interrupted")
        String status;

        @Option(names = "--limit", paramLabel = "N", description = "at most N plans (default 50)")
        Integer limit;

        @Override
        protected void validate() {
            if (status != null && !Statuses.ALL.contains(status)) {
                throw CliFailure.usage("--status is \"" + status + "\": use one of " + String.join(", ", Statuses.ALL));
            }
        }

        @Override
        protected int execute() {
            JsonNode body = client().get(PoolRefs.poolPath(client(), pool) + "/plans",
                    Query.of().add("status", status).add("limit", limit));
            output().show(body, out -> PlanViews.list(body, out));
            return 0;
        }
    }

    /** {@code hpm plan show POOL PLAN}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Shows one plan in full.", "The indicators before, projected and (once it ran) achieved; each "
                    + "action with what it changes, its state and its reason."},
            footerHeading = "%nExamples:%n", footer = {"  hpm plan show prod pending", "  hpm plan show prod latest --format json"})
    public static final class Show extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "POOL", description = "the pool's id or name")
        String pool;

        @Parameters(index = "1", paramLabel = "PLAN", description = "the plan's id, pending or latest")
        String plan;

        @Override
        protected int execute() {
            String poolPath = PoolRefs.poolPath(client(), pool);
            JsonNode p = client().get(planPath(client(), poolPath, plan));
            output().show(p, out -> PlanViews.detail(p, PlanViews.hostNames(client().get(poolPath)), out));
            return 0;
        }
    }

    /** Approve and reject: a POST to the plan's verb, then the plan as it is now. */
    abstract static class Decision extends RemoteCommand {
        @Parameters(index = "0", paramLabel = "POOL", description = "the pool's id or name")
        String pool;

        @Parameters(index = "1", paramLabel = "PLAN", description = "the plan's id, or pending")
        String plan;

        abstract String verb();

        abstract String done();

        @Override
        protected int execute() {
            String poolPath = PoolRefs.poolPath(client(), pool);
            JsonNode p = client().post(planPath(client(), poolPath, plan) + "/" + verb(), JsonNodeFactory.instance.objectNode());
            output().show(p, out -> {
                out.println(done() + " plan " + p.path("id").asText() + " (" + p.path("actions").size() + " actions); it is "
                        + p.path("status").asText() + " now.");
                out.println();
                PlanViews.detail(p, PlanViews.hostNames(client().get(poolPath)), out);
            });
            return 0;
        }
    }

    /** {@code hpm plan approve POOL PLAN}. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approves a pending plan (admin): DWM executes it now.",
                    "Exit code 5 if the plan is no longer pending (executed, rejected or superseded by a newer one)."},
            footerHeading = "%nExamples:%n", footer = {"  hpm plan approve prod pending", "  hpm plan show prod latest"})
    public static final class Approve extends Decision {
        @Override
        String verb() {
            return "approve";
        }

        @Override
        String done() {
            return "Approved";
        }
    }

    /** {@code hpm plan reject POOL PLAN}. */
    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = {"Rejects a pending plan (admin): nothing of it is done.",
                    "DWM plans again at its next decision. Exit code 5 if the plan is no longer pending."},
            footerHeading = "%nExamples:%n", footer = {"  hpm plan reject prod pending"})
    public static final class Reject extends Decision {
        @Override
        String verb() {
            return "reject";
        }

        @Override
        String done() {
            return "Rejected";
        }
    }

    /** The plan statuses, for completion and the check of --status. */
    static final class Statuses implements Iterable<String> {
        static final List<String> ALL = List.of("pending", "executing", "executed", "rejected", "superseded", "interrupted");

        @Override
        public Iterator<String> iterator() {
            return ALL.iterator();
        }
    }
}
