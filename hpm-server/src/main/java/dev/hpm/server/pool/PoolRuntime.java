package dev.hpm.server.pool;

import dev.hpm.core.dwm.DwmPlanners;
import dev.hpm.core.dwm.MaintenanceProgress;
import dev.hpm.core.dwm.Placement;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.pool.DwmRecords;
import dev.hpm.core.pool.DwmStep;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.pool.PoolInterval;
import dev.hpm.core.pool.PoolInventory.HostFacts;
import dev.hpm.core.time.Timebase;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PlanRepository;
import dev.hpm.store.PlanRepository.ActionRecord;
import dev.hpm.store.PlanRepository.ActionState;
import dev.hpm.store.PoolRepository;
import dev.hpm.store.PoolRepository.Maintenance;
import dev.hpm.store.PoolRepository.PoolRecord;
import dev.hpm.store.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One server pool in {@code hpm serve}: its {@link DwmStep} (the production planner on the pool's
 * {@link PoolHardware}), run once per interval on the reports of the pool's hosts; the plans and
 * migrations journaled to the store as they change ({@link PlanJournal}); maintenance driven from
 * the operator's state (entering → in once every server left; leaving → none once they are back);
 * power states kept in the store; plans interrupted by a restart reconciled with where the servers
 * run now. API calls (approve, reject, policy, maintenance, power) come from other threads; every
 * method is synchronized, and one interval takes milliseconds.
 */
public final class PoolRuntime {
    private final String id;
    private final List<String> hosts;
    private final Store store;
    private final Timebase time;
    private final PoolHardware hardware;
    /** The hardware's actuator, in a cluster fenced by the hosts' leases (docs/cluster.md). */
    private final PoolActuator actuator;
    private final DwmStep step;
    private final PlanJournal journal;
    private final Map<String, String> uuidByName = new HashMap<>();
    private final Map<String, String> hostOfServer = new HashMap<>();
    private final Map<String, MaintenanceProgress> progress = new HashMap<>();
    private final Map<String, Long> leaving = new HashMap<>();
    private final Map<String, PoolActuator.Handle> manualPower = new HashMap<>();
    private final List<PlanRepository.PlanRecord> interrupted;
    private Map<String, IntervalReport> reports = Map.of();
    private PoolPolicy policy;
    private DwmRecords.IntervalRecord last;

    PoolRuntime(PoolRecord pool, PoolPolicy policy, List<ManagedHost> members, PoolHardware hardware, Store store,
                Timebase time, LongSupplier ticker, List<PlanRepository.PlanRecord> interrupted,
                java.util.function.UnaryOperator<PoolActuator> fence) {
        this.id = pool.id();
        this.hosts = members.stream().map(ManagedHost::id).toList();
        this.store = store;
        this.time = time;
        this.hardware = hardware;
        this.actuator = fence.apply(hardware.actuator());
        this.policy = policy;
        this.step = new DwmStep(DwmPlanners.HPM.create(policy.dwm()), policy.dwm(), hardware, actuator,
                members.stream().map(ManagedHost::controller).toList(), ticker);
        this.journal = new PlanJournal(id, store.plans());
        this.interrupted = new ArrayList<>(interrupted.stream().filter(p -> p.pool().equals(id)).toList());
        hardware.maintenance(inMaintenance());
    }

    public String id() {
        return id;
    }

    public List<String> hosts() {
        return hosts;
    }

    public PoolHardware hardware() {
        return hardware;
    }

    /** One pool interval: DWM on the reports of this pool's hosts, then the journal, maintenance and power. */
    synchronized void afterHosts(PoolInterval all) {
        List<IntervalReport> mine = all.reports().stream().filter(r -> hosts.contains(r.host())).toList();
        Map<String, IntervalReport> byHost = new HashMap<>();
        for (IntervalReport r : mine) {
            byHost.put(r.host(), r);
            if (r.measurement() != null) {
                for (VsMeasurement m : r.measurement().servers()) {
                    uuidByName.put(m.name(), m.uuid());
                    hostOfServer.put(m.name(), r.host());
                }
            }
        }
        reports = byHost;
        hardware.maintenance(inMaintenance());
        step.afterHosts(new PoolInterval(all.index(), all.nanos(), all.time(), mine));
        last = step.intervals().getLast();
        journal.write(step.plans(), step::progress, last.indicators().poweredHosts(), all.time(), uuidByName::get,
                hardware::serverMemoryMb);
        maintenance(all.index(), all.time());
        power(all.time());
        reconcile(all.time());
    }

    /** Hosts an operator put in maintenance, as the store says. */
    private Set<String> inMaintenance() {
        Set<String> in = new HashSet<>();
        for (String h : hosts) {
            Maintenance m = store.pools().hostState(h, time.now()).maintenance();
            if (m == Maintenance.ENTERING || m == Maintenance.IN) {
                in.add(h);
            }
        }
        return in;
    }

    private void maintenance(long index, Instant at) {
        for (MaintenanceProgress p : last.maintenance()) {
            progress.put(p.host(), p);
        }
        for (String h : hosts) {
            Maintenance m = store.pools().hostState(h, at).maintenance();
            MaintenanceProgress p = progress.get(h);
            if (m == Maintenance.ENTERING && p != null && p.done() && serversOn(h) == 0 && movesFrom(h).values()
                    .stream().noneMatch(a -> a.latest().state() == ActionState.RUNNING)) {
                store.pools().setMaintenance(h, Maintenance.IN, at);
            } else if (m == Maintenance.LEAVING) {
                long since = leaving.computeIfAbsent(h, k -> index);
                if (index - since >= 2 && !returning(h)) {
                    store.pools().setMaintenance(h, Maintenance.NONE, at);
                    leaving.remove(h);
                    progress.remove(h);
                }
            }
        }
    }

    /** Servers the host's latest report lists. */
    private int serversOn(String host) {
        IntervalReport r = reports.get(host);
        return r == null || r.measurement() == null ? 0 : r.measurement().servers().size();
    }

    /** True while a pending or executing plan brings servers back to {@code host}. */
    private boolean returning(String host) {
        for (DwmRecords.PlanRecord p : step.plans()) {
            if (p.status() == DwmRecords.Status.PENDING || p.status() == DwmRecords.Status.EXECUTING) {
                boolean back = p.plan().actions().stream().anyMatch(a -> a.reason().kind()
                        == Reason.Kind.RETURN_FROM_MAINTENANCE && a instanceof dev.hpm.core.dwm.PoolAction.Migrate m
                        && m.to().equals(host));
                if (back) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Keeps each host's power state in the store (with when it began), and forgets finished manual switches. */
    private void power(Instant at) {
        for (HostFacts f : hardware.hosts()) {
            var stored = store.pools().hostState(f.id(), at);
            var now = PowerStates.toStore(f.power());
            PoolActuator.Handle h = manualPower.get(f.id());
            if (stored.power() != now) {
                store.pools().setPower(f.id(), now, h == null ? planPowerDetail(f.id()) : h.detail(), at);
            } else if (h == null && stored.powerDetail().isEmpty() && now == PoolRepository.Power.POWER_ON_FAILED) {
                String why = planPowerDetail(f.id()); // a plan's power action that ended after the state changed
                if (!why.isEmpty()) {
                    store.pools().setPower(f.id(), now, why, stored.powerSince());
                }
            }
        }
        manualPower.values().removeIf(h -> h.state().finished());
    }

    /** What the latest finished power action of a plan on {@code host} said (why a power-on failed), or "". */
    private String planPowerDetail(String host) {
        List<DwmRecords.PlanRecord> plans = step.plans();
        for (int i = plans.size() - 1; i >= 0; i--) {
            DwmRecords.PlanRecord p = plans.get(i);
            for (dev.hpm.core.dwm.PoolAction a : p.plan().actions()) {
                boolean power = a instanceof dev.hpm.core.dwm.PoolAction.PowerOn on && on.host().equals(host)
                        || a instanceof dev.hpm.core.dwm.PoolAction.PowerOff off && off.host().equals(host);
                if (power) {
                    for (DwmRecords.Outcome o : p.outcomes()) {
                        if (o.action().equals(a.id()) && o.state().finished()) {
                            return o.detail();
                        }
                    }
                }
            }
        }
        return "";
    }

    /** After a restart: each interrupted migration says where its server runs now, as its hypervisor reports. */
    private void reconcile(Instant at) {
        if (interrupted.isEmpty() || reports.isEmpty()) {
            return;
        }
        for (PlanRepository.PlanRecord p : interrupted) {
            List<ActionRecord> actions = new ArrayList<>();
            for (ActionRecord a : p.actions()) {
                String where = a.serverName() == null ? null : hostOfServer.get(a.serverName());
                actions.add(a.state() == ActionState.INTERRUPTED && where != null
                        ? new ActionRecord(a.index(), a.kind(), a.serverId(), a.serverName(), a.from(), a.to(), a.host(),
                        a.reason(), a.state(), a.progress(), a.detail() + "; after the restart it runs on " + where
                        + (where.equals(a.to()) ? " (moved)" : where.equals(a.from()) ? " (not moved)" : ""),
                        a.started(), a.ended())
                        : a);
            }
            store.plans().save(new PlanRepository.PlanRecord(p.id(), p.pool(), p.created(), at, p.status(), p.goal(),
                    p.summary(), p.before(), p.projected(), p.achieved(), actions));
        }
        interrupted.clear();
    }

    // ---- for the API

    /** DWM's record of the last interval (why nothing was done, maintenance, indicators), or null before the first. */
    public synchronized DwmRecords.IntervalRecord lastInterval() {
        return last;
    }

    public synchronized PoolPolicy policy() {
        return policy;
    }

    /** The pool's new policy applies from the next interval (docs/pool-runner.md). */
    public synchronized void policy(PoolPolicy value) {
        policy = value;
        step.update(value.dwm(), DwmPlanners.HPM.create(value.dwm()));
    }

    /** Recommend mode: approves plan {@code uuid}; false if it is not pending (or not of this run). */
    public synchronized boolean approve(String uuid) {
        String s = journal.stepId(uuid);
        if (s == null || !step.approve(s)) {
            return false;
        }
        journal.write(step.plan(s).stream().toList(), step::progress, poweredNow(), time.now(), uuidByName::get,
                hardware::serverMemoryMb);
        return true;
    }

    public synchronized boolean reject(String uuid) {
        String s = journal.stepId(uuid);
        if (s == null || !step.reject(s)) {
            return false;
        }
        journal.write(step.plan(s).stream().toList(), step::progress, poweredNow(), time.now(), uuidByName::get,
                hardware::serverMemoryMb);
        return true;
    }

    private int poweredNow() {
        return last == null ? 0 : last.indicators().poweredHosts();
    }

    /** The plan awaiting approval. */
    public synchronized Optional<String> pending() {
        return step.pending().map(p -> journal.uuid(p.id()));
    }

    public synchronized boolean executing() {
        return step.plans().stream().anyMatch(p -> p.status() == DwmRecords.Status.EXECUTING);
    }

    public synchronized Map<String, Long> planCounts() {
        return journal.planCounts();
    }

    public synchronized Map<String, Long> migrationCounts() {
        return journal.migrationCounts();
    }

    public synchronized int migrationsInFlight() {
        return journal.inFlight();
    }

    /** The last view's hosts ranked for a new server; empty before the first interval. */
    public synchronized Optional<Placement.Ranking> rank(Placement.NewServer server) {
        Optional<PoolView> view = step.lastView();
        return view.map(v -> DwmPlanners.HPM.create(policy.dwm()).rank(v, server));
    }

    /** The host's maintenance progress as last seen, or null. */
    public synchronized MaintenanceProgress progress(String host) {
        return progress.get(host);
    }

    /** Records the operator's enter or leave; the next interval acts on it. */
    public synchronized void maintenance(String host, boolean enter) {
        Instant now = time.now();
        Maintenance m = store.pools().hostState(host, now).maintenance();
        if (enter && m != Maintenance.ENTERING && m != Maintenance.IN) {
            store.pools().setMaintenance(host, Maintenance.ENTERING, now);
            progress.remove(host);
        } else if (!enter && m != Maintenance.NONE && m != Maintenance.LEAVING) {
            store.pools().setMaintenance(host, Maintenance.LEAVING, now);
        }
        hardware.maintenance(inMaintenance());
    }

    /** Latest reports of the pool's hosts. */
    public synchronized Map<String, IntervalReport> reports() {
        return Map.copyOf(reports);
    }

    /** Switches a host on or off now (outside any plan); the handle says how it went. */
    public synchronized PoolActuator.Handle power(String host, boolean on) {
        PoolActuator.Handle h = on ? actuator.powerOn(host) : actuator.powerOff(host);
        manualPower.put(host, h);
        return h;
    }

    /** What the last manual switch of {@code host} said (its failure), or "". */
    public synchronized String powerDetail(String host) {
        PoolActuator.Handle h = manualPower.get(host);
        return h == null ? "" : h.detail();
    }

    /**
     * The moves of a server off a host in this run's plans: the latest attempt (any state) and the
     * latest that finished (done or failed), so that a failure stays visible while a retry runs.
     */
    public record Moves(ActionRecord latest, ActionRecord lastFinished) {
    }

    /** The moves off {@code host} by server name. */
    public synchronized Map<String, Moves> movesFrom(String host) {
        Map<String, ActionRecord> latest = new HashMap<>();
        Map<String, ActionRecord> finished = new HashMap<>();
        for (DwmRecords.PlanRecord p : step.plans()) {
            PlanRepository.PlanRecord r = journal.written(journal.uuid(p.id()));
            if (r == null) {
                continue;
            }
            for (ActionRecord a : r.actions()) {
                if (a.kind() == PlanRepository.Kind.MIGRATE && host.equals(a.from())) {
                    latest.put(a.serverName(), a);
                    if (a.state() == ActionState.DONE || a.state() == ActionState.FAILED) {
                        finished.put(a.serverName(), a);
                    }
                }
            }
        }
        Map<String, Moves> out = new HashMap<>();
        latest.forEach((server, a) -> out.put(server, new Moves(a, finished.get(server))));
        return out;
    }
}
