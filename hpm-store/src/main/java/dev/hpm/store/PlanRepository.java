package dev.hpm.store;

import dev.hpm.core.model.Names;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * DWM's plans with each action's state, and the history of live migrations (docs/pool-api.md).
 * The server writes a plan whenever it or one of its actions changes, so that after a kill the
 * store says how far each action got; {@link #interruptExecuting} marks what was under way.
 */
public interface PlanRepository {

    enum Status {
        PENDING, EXECUTING, EXECUTED, REJECTED, SUPERSEDED, INTERRUPTED;

        public String label() {
            return Names.label(this);
        }
    }

    enum Kind {
        MIGRATE, POWER_ON, POWER_OFF, SHUTDOWN;

        public String label() {
            return Names.label(this);
        }
    }

    enum ActionState {
        PLANNED, RUNNING, DONE, FAILED, INTERRUPTED;

        public String label() {
            return Names.label(this);
        }
    }

    /** One action of a plan; {@code index} from 0 in the plan's order. */
    record ActionRecord(int index, Kind kind, String serverId, String serverName, String from, String to, String host,
                        String reason, ActionState state, double progress, String detail, Instant started,
                        Instant ended) {
    }

    /**
     * One plan. {@code before}, {@code projected} and {@code achieved} are efficacy documents (JSON
     * objects written by the server); {@code achieved} is null until measured.
     */
    record PlanRecord(String id, String pool, Instant created, Instant updated, Status status, String goal,
                      String summary, String before, String projected, String achieved, List<ActionRecord> actions) {
        public PlanRecord {
            actions = List.copyOf(actions);
        }
    }

    enum MigrationState {
        RUNNING, DONE, FAILED, ABORTED;

        public String label() {
            return Names.label(this);
        }
    }

    /** One live migration. {@code pool} and {@code plan} may be null (an operator's move). */
    record MigrationRecord(String id, String pool, String plan, String serverId, String serverName, String from,
                           String to, Instant started, Instant ended, MigrationState state, double progress,
                           long memoryMb, Long downtimeMs, String detail) {
    }

    /** What {@link #migrations} returns: started in [since, until), from or to {@code hypervisor}, of {@code server}; nulls match all. */
    record MigrationFilter(Instant since, Instant until, String hypervisor, String server, int limit) {
    }

    /**
     * Writes the plan with its actions (inserting or replacing them), in one transaction.
     *
     * @throws dev.hpm.core.model.InvalidDefinitionException naming every problem
     * @throws NotFoundException if its pool does not exist
     */
    void save(PlanRecord plan);

    Optional<PlanRecord> plan(String id);

    /** The pool's plans, newest first; {@code status} null for all. */
    List<PlanRecord> plans(String pool, Status status, int limit);

    /**
     * Marks every executing plan {@code interrupted} and each of its actions that was planned or
     * running {@code interrupted} (done and failed ones keep their state), and every running
     * migration {@code aborted}, at {@code at}; returns the plans as marked. Called when the server
     * starts: nothing it started before survives it.
     */
    List<PlanRecord> interruptExecuting(Instant at, String why);

    /** Writes (inserts or replaces) a migration. */
    void saveMigration(MigrationRecord migration);

    /** Migrations matching {@code filter}, newest first. */
    List<MigrationRecord> migrations(MigrationFilter filter);
}
