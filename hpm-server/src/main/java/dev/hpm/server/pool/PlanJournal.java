package dev.hpm.server.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.pool.DwmRecords;
import dev.hpm.store.PlanRepository;
import dev.hpm.store.PlanRepository.ActionRecord;
import dev.hpm.store.PlanRepository.ActionState;
import dev.hpm.store.PlanRepository.Kind;
import dev.hpm.store.PlanRepository.MigrationRecord;
import dev.hpm.store.PlanRepository.MigrationState;
import dev.hpm.store.PlanRepository.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Writes one pool's plans and migrations to the store as {@link dev.hpm.core.pool.DwmStep} makes
 * and executes them: each plan gets a UUID (the step's ids restart with the server), each action
 * its state, progress and start and end times, each migration a row of the history. A plan is
 * written only when something of it changed, so a quiet pool writes nothing.
 */
final class PlanJournal {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final String pool;
    private final PlanRepository store;
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, String> byUuid = new HashMap<>();
    private final Map<String, PlanRepository.PlanRecord> written = new HashMap<>();
    private final Map<String, Instant> created = new HashMap<>();
    private final Map<String, Integer> poweredBefore = new HashMap<>();
    private final Map<String, Integer> poweredAchieved = new HashMap<>();
    private final Map<String, Instant[]> times = new HashMap<>();
    private final Map<String, MigrationRecord> migrations = new LinkedHashMap<>();
    private final Map<String, Long> planCounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> migrationCounts = new java.util.concurrent.ConcurrentHashMap<>();

    PlanJournal(String pool, PlanRepository store) {
        this.pool = pool;
        this.store = store;
    }

    /** The UUID of the step's plan {@code stepId}. */
    String uuid(String stepId) {
        return ids.computeIfAbsent(stepId, k -> {
            String u = UUID.randomUUID().toString();
            byUuid.put(u, k);
            return u;
        });
    }

    /** The step's id of plan {@code uuid}, or null if this run did not make it. */
    String stepId(String uuid) {
        return byUuid.get(uuid);
    }

    /**
     * Writes what changed of {@code plans} as of {@code now}.
     *
     * @param progress  running actions' progress by plan (step id) and action id
     * @param powered   hosts powered in the interval's view (for the before and achieved figures)
     * @param uuidOf    a server's UUID by name (null if unknown)
     * @param memoryOf  a server's memory in MB by name
     */
    void write(List<DwmRecords.PlanRecord> plans, Function<String, Map<String, Double>> progress, int powered,
               Instant now, Function<String, String> uuidOf, ToLongFunction<String> memoryOf) {
        for (DwmRecords.PlanRecord p : plans) {
            String uuid = uuid(p.id());
            PlanRepository.PlanRecord last = written.get(uuid);
            if (last != null && finished(last)) {
                continue;
            }
            created.putIfAbsent(uuid, now);
            poweredBefore.putIfAbsent(uuid, powered);
            if (p.achieved() != null) {
                poweredAchieved.putIfAbsent(uuid, powered);
            }
            PlanRepository.PlanRecord next = record(uuid, p, progress.apply(p.id()), now, uuidOf);
            if (last == null || !same(last, next)) {
                store.save(next);
                if (last == null || last.status() != next.status()) {
                    planCounts.merge(next.status().label(), 1L, Long::sum);
                }
                written.put(uuid, next);
            }
            journalMigrations(uuid, next, memoryOf);
        }
    }

    private PlanRepository.PlanRecord record(String uuid, DwmRecords.PlanRecord p, Map<String, Double> progress,
                                             Instant now, Function<String, String> uuidOf) {
        Map<String, DwmRecords.Outcome> outcomes = new HashMap<>();
        p.outcomes().forEach(o -> outcomes.put(o.action(), o));
        List<ActionRecord> actions = new ArrayList<>();
        List<PoolAction> planned = p.plan().actions();
        for (int i = 0; i < planned.size(); i++) {
            PoolAction a = planned.get(i);
            DwmRecords.Outcome o = outcomes.get(a.id());
            ActionState state = o == null ? ActionState.PLANNED : switch (o.state()) {
                case RUNNING -> ActionState.RUNNING;
                case DONE -> ActionState.DONE;
                case FAILED -> ActionState.FAILED;
            };
            Instant[] t = times.computeIfAbsent(uuid + "/" + a.id(), k -> new Instant[2]);
            if (state != ActionState.PLANNED && t[0] == null) {
                t[0] = now;
            }
            if ((state == ActionState.DONE || state == ActionState.FAILED) && t[1] == null) {
                t[1] = now;
            }
            double done = state == ActionState.DONE ? 1 : progress.getOrDefault(a.id(), 0.0);
            String detail = o == null ? "" : o.detail();
            actions.add(switch (a) {
                case PoolAction.Migrate m -> new ActionRecord(i, Kind.MIGRATE, uuidOf.apply(m.server()), m.server(),
                        m.from(), m.to(), null, m.reason().text(), state, done, detail, t[0], t[1]);
                case PoolAction.PowerOn on -> new ActionRecord(i, Kind.POWER_ON, null, null, null, null, on.host(),
                        on.reason().text(), state, done, detail, t[0], t[1]);
                case PoolAction.PowerOff off -> new ActionRecord(i, Kind.POWER_OFF, null, null, null, null, off.host(),
                        off.reason().text(), state, done, detail, t[0], t[1]);
                case PoolAction.Shutdown sd -> new ActionRecord(i, Kind.SHUTDOWN, uuidOf.apply(sd.server()), sd.server(),
                        null, null, sd.host(), sd.reason().text(), state, done, detail, t[0], t[1]);
            });
        }
        Efficacy e = p.plan().projected();
        int before = poweredBefore.get(uuid);
        int on = (int) planned.stream().filter(a -> a instanceof PoolAction.PowerOn).count();
        ObjectNode b = efficacy(e.watts() + e.wattsSaved(), before, e.loadedBefore(), e.cpuStdDevBefore(), 0);
        ObjectNode projected = efficacy(e.watts(), before - e.hostsReleased() + on, e.loadedAfter(), e.cpuStdDevAfter(),
                e.migrations());
        Efficacy a = p.achieved();
        String achieved = a == null ? null : efficacy(a.watts(), poweredAchieved.getOrDefault(uuid, before),
                a.loadedAfter(), a.cpuStdDevAfter(), a.migrations()).toString();
        return new PlanRepository.PlanRecord(uuid, pool, created.get(uuid), now, Status.valueOf(p.status().name()),
                goal(planned), summary(planned), b.toString(), projected.toString(), achieved, actions);
    }

    private void journalMigrations(String plan, PlanRepository.PlanRecord p, ToLongFunction<String> memoryOf) {
        for (ActionRecord a : p.actions()) {
            if (a.kind() != Kind.MIGRATE || a.state() == ActionState.PLANNED) {
                continue;
            }
            String key = plan + "/" + a.index();
            MigrationRecord last = migrations.get(key);
            MigrationState state = switch (a.state()) {
                case DONE -> MigrationState.DONE;
                case FAILED -> MigrationState.FAILED;
                case INTERRUPTED -> MigrationState.ABORTED;
                default -> MigrationState.RUNNING;
            };
            if (last != null && last.state() == state && last.progress() == a.progress()) {
                continue;
            }
            MigrationRecord m = new MigrationRecord(last == null ? UUID.randomUUID().toString() : last.id(), pool, plan,
                    a.serverId() == null ? a.serverName() : a.serverId(), a.serverName(), a.from(), a.to(), a.started(),
                    a.ended(), state, a.progress(), memoryOf.applyAsLong(a.serverName()), null, a.detail());
            store.saveMigration(m);
            migrations.put(key, m);
            if (state != MigrationState.RUNNING) {
                migrationCounts.merge(state.label(), 1L, Long::sum);
            }
        }
    }

    /** Plans that reached each status since the server started. */
    Map<String, Long> planCounts() {
        return Map.copyOf(planCounts);
    }

    /** Migrations finished since the server started, by result. */
    Map<String, Long> migrationCounts() {
        return Map.copyOf(migrationCounts);
    }

    /** Migrations of this run still running. */
    int inFlight() {
        return (int) migrations.values().stream().filter(m -> m.state() == MigrationState.RUNNING).count();
    }

    /** Nothing more will change: rejected, superseded, or executed with its achieved figures. */
    private static boolean finished(PlanRepository.PlanRecord p) {
        return p.status() == Status.REJECTED || p.status() == Status.SUPERSEDED
                || p.status() == Status.EXECUTED && p.achieved() != null;
    }

    /** The record last written of plan {@code uuid}, or null. */
    PlanRepository.PlanRecord written(String uuid) {
        return written.get(uuid);
    }

    private static boolean same(PlanRepository.PlanRecord a, PlanRepository.PlanRecord b) {
        return a.status() == b.status() && Objects.equals(a.achieved(), b.achieved()) && a.actions().equals(b.actions());
    }

    static ObjectNode efficacy(double watts, int powered, int loaded, double std, int migrations) {
        ObjectNode o = JSON.objectNode();
        o.put("watts", Math.round(watts * 10) / 10.0);
        o.put("powered-hosts", powered);
        o.put("loaded-hosts", loaded);
        o.put("cpu-stddev", Math.round(std * 10_000) / 10_000.0);
        o.put("migrations", migrations);
        return o;
    }

    /** The plan's goal by the reasons of its actions: maintenance first, then power save, else even distribution. */
    static String goal(List<PoolAction> actions) {
        boolean power = false;
        for (PoolAction a : actions) {
            Reason.Kind k = a.reason().kind();
            if (k == Reason.Kind.MAINTENANCE || k == Reason.Kind.RETURN_FROM_MAINTENANCE) {
                return "maintenance";
            }
            power |= k == Reason.Kind.CONSOLIDATE || k == Reason.Kind.RELEASE_HOST || k == Reason.Kind.ADD_CAPACITY;
        }
        return power ? "power-save" : "even-distribution";
    }

    static String summary(List<PoolAction> actions) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PoolAction a : actions) {
            counts.merge(switch (a) {
                case PoolAction.Migrate m -> "migration";
                case PoolAction.PowerOn on -> "power-on";
                case PoolAction.PowerOff off -> "power-off";
                case PoolAction.Shutdown sd -> "shut-down";
            }, 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, n) -> parts.add(n + " " + k + (n == 1 ? "" : "s")));
        return String.join(", ", parts) + (actions.isEmpty() ? "" : ": " + actions.getFirst().reason().text());
    }
}
