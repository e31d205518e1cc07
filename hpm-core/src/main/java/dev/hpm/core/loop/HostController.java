package dev.hpm.core.loop;

import dev.hpm.core.cpu.CpuPolicy;
import dev.hpm.core.cpu.HostDecision;
import dev.hpm.core.cpu.HostView;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.cpu.ShareLedger;
import dev.hpm.core.cpu.VsView;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.measure.Aggregation;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.Measurer;
import dev.hpm.core.measure.ServerContext;
import dev.hpm.core.measure.VsDelta;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.core.time.Timebase;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The measurement and CPU-manager loop of one host, one {@link #runInterval()} per interval:
 * collect the CPU statistics in one bulk call, turn them into velocities and PIs, let the
 * {@link CpuPolicy} decide, apply its changes, report. The same code runs against libvirt and
 * the simulator. Not thread-safe: one thread drives one host.
 */
public final class HostController {
    private final String host;
    private final HypervisorDriver driver;
    private final Timebase time;
    private final ControlSettings settings;
    private final ControlInputs inputs;
    private final CpuPolicy policy;
    private final Measurer measurer;
    private final ShareLedger ledger = new ShareLedger();
    private final KeptOriginals originals;
    private final SchedulerCache scheduler;
    private final ClassificationCache classes;
    private final Map<String, Double> lastDemand = new HashMap<>();
    private NodeCpuStats lastNode;
    private int cpus;
    private long interval;
    private HostStatus status = HostStatus.ok();
    /** The changes {@link #start} made ({@link CpuPolicy#initial}), reported with the first interval. */
    private List<ShareChange> started = List.of();
    private List<String> startErrors = List.of();

    public HostController(String host, HypervisorDriver driver, Timebase time, ControlSettings settings,
                          ControlInputs inputs, CpuPolicy policy) {
        this(host, driver, time, settings, inputs, policy, OriginalSettings.NONE);
    }

    /**
     * A controller that keeps the settings from before HPM in {@code originals} as well as in its
     * memory: it reads them when it starts and whenever it runs its host again after intervals
     * without it, records a server's before its first change, and removes it once restored.
     */
    public HostController(String host, HypervisorDriver driver, Timebase time, ControlSettings settings,
                          ControlInputs inputs, CpuPolicy policy, OriginalSettings originals) {
        this.host = host;
        this.originals = new KeptOriginals(host, originals, ledger);
        this.driver = driver;
        this.time = time;
        this.settings = settings;
        this.inputs = inputs;
        this.policy = policy;
        this.measurer = new Measurer(settings.measurement());
        this.scheduler = new SchedulerCache(driver, settings.schedulerRefreshIntervals());
        this.classes = new ClassificationCache(host, inputs);
    }

    public String host() {
        return host;
    }

    public HostStatus status() {
        return status;
    }

    /** The settings HPM changed and will restore when management is turned off. */
    public ShareLedger ledger() {
        return ledger;
    }

    /**
     * A server arrived on this host by live migration: its share history starts afresh (no donor
     * cool-down carried over) and HPM will restore
     * the settings it had before HPM ({@code original}, read from its old host's {@link #ledger}
     * when the migration started) when management stops. Its measurement needs no hook: it was
     * absent here, so its first sample on this host is a baseline (docs/measurement.md), never a
     * false velocity. Called on the pool runner's thread between intervals.
     */
    public void arrived(String uuid, java.util.Optional<ShareLedger.Original> original) {
        lastDemand.remove(uuid);
        ledger.forget(uuid);
        original.ifPresentOrElse(o -> originals.arrived(uuid, o), () -> originals.forget(uuid, new ArrayList<>()));
    }

    /**
     * This controller runs its host again after intervals without it (in a cluster, another
     * instance managed the host meanwhile: docs/cluster.md): the next interval is a baseline, the
     * scheduler parameters are read again and the demand history starts afresh. The settings from
     * before HPM are read again from {@link OriginalSettings} before its next change (another owner
     * may have recorded some meanwhile: {@link Originals#resolve}); those it recorded itself stay
     * unless the store has others, to be restored when management stops.
     */
    public void resumed() {
        originals.stale();
        measurer.reset();
        scheduler.clear();
        lastDemand.clear();
        lastNode = null;
    }

    /**
     * Takes the baseline sample, so that the first interval already yields velocities, and makes the
     * policy's {@link CpuPolicy#initial initial} changes (reported with the first interval). Optional:
     * without it the first interval is the baseline. Returns false (and stays unconnected) if the
     * host does not answer.
     */
    public boolean start() {
        try {
            cpus = driver.nodeInfo().cpus();
            List<VsDelta> deltas = measurer.update(driver.domainStats(StatsGroup.CPU), settings.interval().toNanos());
            lastNode = nodeStats(new ArrayList<>());
            List<String> errors = new ArrayList<>();
            originals.load(errors);
            refreshScheduler(deltas, 0, errors);
            ServiceDefinition definition = inputs.definition();
            ManagementLevels levels = inputs.levels();
            // no response times taken: they belong to the first interval
            HostMeasurement baseline = measure(deltas, definition, levels, ResponseTimeSource.NONE);
            List<ShareChange> initial = policy.initial(view(baseline, definition, levels, lastNode), ledger);
            if (!initial.isEmpty() && originals.ready(errors)) {
                List<String> applyErrors = new ArrayList<>();
                started = apply(initial, 0, applyErrors, applyErrors);
                startErrors = applyErrors;
            }
            return true;
        } catch (DriverException e) {
            unreachable(0, e);
            return false;
        }
    }

    /** Runs one interval. Never throws for hypervisor failures: they are in the report. */
    public IntervalReport runInterval() {
        long index = ++interval;
        List<String> errors = new ArrayList<>(startErrors);
        startErrors = List.of();
        long start = time.nanos();
        List<DomainSample> samples;
        NodeCpuStats node;
        try {
            if (cpus == 0) {
                cpus = driver.nodeInfo().cpus();
            }
            Set<StatsGroup> groups = index % settings.fullStatsEvery() == 1 || settings.fullStatsEvery() == 1
                    ? StatsGroup.ALL : StatsGroup.CPU;
            samples = driver.domainStats(groups);
            node = nodeStats(errors);
        } catch (DriverException e) {
            return unreachable(index, e);
        }
        long collectNanos = time.nanos() - start;
        if (!status.connected()) {
            status = HostStatus.ok();
        }
        List<VsDelta> deltas = measurer.update(samples, settings.interval().toNanos());
        boolean mayChange = originals.ready(errors);
        ServiceDefinition definition = inputs.definition();
        ManagementLevels levels = inputs.levels();
        HostMeasurement measurement = measure(deltas, definition, levels, inputs.responseTimes());
        refreshScheduler(deltas, index, errors);
        HostView view = view(measurement, definition, levels, node);
        HostDecision decision = policy.decide(view, ledger, index);
        List<ShareChange> changes = new ArrayList<>(decision.changes());
        changes.addAll(restoresOutside(view, deltas));
        List<ShareChange> applied = new ArrayList<>(started);
        started = List.of();
        applied.addAll(mayChange ? apply(changes, index, errors, errors) : List.of());
        lastNode = node;
        return new IntervalReport(host, index, time.now(), status, measurement, view, node, decision, applied, errors,
                collectNanos);
    }

    /**
     * Puts back the settings every server had before HPM changed it, e.g. when HPM stops
     * managing this host. Returns the changes made.
     */
    public List<ShareChange> restoreAll() {
        // the host may have been (re)gained after the last interval: read what others recorded
        originals.load(new ArrayList<>());
        List<ShareChange> restores = new ArrayList<>();
        ledger.originals().forEach((uuid, original) -> {
            SchedulerParameters now = scheduler.get(uuid);
            long shares = now == null ? original.shares() : now.cpuShares();
            restores.add(new ShareChange(uuid, uuid, null, ShareChange.Role.RESTORE, shares, original.shares(),
                    Double.NaN, original.capCpus()));
        });
        List<String> errors = new ArrayList<>();
        // a restored server whose row could not be removed keeps a row with the value it now has: harmless
        List<ShareChange> done = apply(restores, interval, errors, new ArrayList<>());
        if (!errors.isEmpty()) {
            throw new DriverException(-1, String.join("; ", errors));
        }
        return done;
    }

    /**
     * Servers HPM changed that are now at level {@code none} are not in the manager's view (they are
     * not measured), but their settings from before HPM must come back all the same.
     */
    private List<ShareChange> restoresOutside(HostView view, List<VsDelta> deltas) {
        Set<String> inView = new HashSet<>();
        view.servers().forEach(v -> inView.add(v.uuid()));
        List<ShareChange> restores = new ArrayList<>();
        for (VsDelta d : deltas) {
            if (!inView.contains(d.uuid())) {
                ledger.original(d.uuid()).ifPresent(o -> {
                    SchedulerParameters now = scheduler.getOrDefault(d.uuid());
                    restores.add(new ShareChange(d.uuid(), d.name(), null, ShareChange.Role.RESTORE, now.cpuShares(),
                            o.shares(), now.capCpus(d.vcpus()), o.capCpus()));
                });
            }
        }
        return restores;
    }

    private NodeCpuStats nodeStats(List<String> errors) {
        try {
            return driver.nodeCpuStats();
        } catch (DriverException e) {
            errors.add("host CPU statistics: " + e.getMessage());
            return null;
        }
    }

    private IntervalReport unreachable(long index, DriverException e) {
        if (status.connected()) {
            status = new HostStatus(false, time.now(), e.getMessage());
        }
        measurer.reset();
        scheduler.clear();
        lastNode = null;
        return new IntervalReport(host, index, time.now(), status, null, null, null, null, List.of(),
                List.of(e.getMessage()), 0);
    }

    /** Reads stale scheduler parameters and forgets every server that is gone. */
    private void refreshScheduler(List<VsDelta> deltas, long index, List<String> errors) {
        scheduler.refresh(deltas, index, errors);
        Set<String> present = new HashSet<>();
        deltas.forEach(d -> present.add(d.uuid()));
        scheduler.retainAll(present);
        classes.retainAll(present);
        lastDemand.keySet().retainAll(present);
        for (String uuid : ledger.originals().keySet()) {
            if (!present.contains(uuid)) {
                ledger.forget(uuid);
                originals.forget(uuid, errors);
            }
        }
    }

    /** Velocities, PIs and classes of the interval's {@code deltas}. */
    private HostMeasurement measure(List<VsDelta> deltas, ServiceDefinition definition, ManagementLevels levels,
                                    ResponseTimeSource responseTimes) {
        classes.use(definition);
        return Aggregation.host(host, cpus, deltas, (uuid, name) -> new ServerContext(
                classes.classOf(uuid, name), levels.server(host, uuid, name), responseTimes.take(host, uuid, name)),
                settings.measurement());
    }

    private HostView view(HostMeasurement m, ServiceDefinition definition, ManagementLevels levels, NodeCpuStats node) {
        List<VsView> servers = new ArrayList<>(m.servers().size());
        double cpuOfServers = 0;
        for (VsMeasurement s : m.servers()) {
            SchedulerParameters params = scheduler.getOrDefault(s.uuid());
            double demand;
            if (s.status().isData()) {
                demand = s.demandCpus();
                lastDemand.put(s.uuid(), demand);
            } else {
                demand = lastDemand.getOrDefault(s.uuid(), (double) s.vcpus());
            }
            cpuOfServers += s.cpuCpus();
            double responsePi = s.serviceClass().goal() instanceof Goal.ResponseTime ? s.pi() : Double.NaN;
            servers.add(new VsView(s.uuid(), s.name(), s.serviceClass(), s.level(), s.vcpus(), params.cpuShares(),
                    params.capCpus(s.vcpus()), demand, s.usingCpus(), s.hasVelocity(), responsePi));
        }
        Map<String, Double> maxima = new HashMap<>();
        Map<String, Double> minima = new HashMap<>();
        for (WorkloadResourceGroup g : definition.groups()) {
            if (g.cpuMaximum() != null) {
                maxima.put(g.name(), g.cpuMaximum());
            }
            if (g.cpuMinimum() != null) {
                minima.put(g.name(), g.cpuMinimum());
            }
        }
        return new HostView(host, levels.host(host), capacity(node, cpuOfServers), servers, m.classes(), maxima,
                minima);
    }

    /** The host's CPUs less what was busy outside the servers (host processes) over the interval. */
    private double capacity(NodeCpuStats node, double cpuOfServers) {
        if (node == null || lastNode == null || node.timestampNanos() <= lastNode.timestampNanos()) {
            return cpus;
        }
        double elapsed = node.timestampNanos() - lastNode.timestampNanos();
        double busy = (node.busyNanos() - lastNode.busyNanos()) / elapsed;
        double outside = Math.max(0, busy - cpuOfServers);
        return Math.max(cpus * 0.25, cpus - outside);
    }

    /** Applies the changes; a store failure after a change was made goes to {@code storeErrors}. */
    private List<ShareChange> apply(List<ShareChange> changes, long index, List<String> errors,
                                    List<String> storeErrors) {
        List<ShareChange> applied = new ArrayList<>(changes.size());
        for (ShareChange change : changes) {
            SchedulerUpdate update = change.capChanges() || change.role() == ShareChange.Role.RESTORE
                    ? SchedulerUpdate.sharesAndCap(change.sharesAfter(), change.capAfter())
                    : SchedulerUpdate.shares(change.sharesAfter());
            if (!originals.recordBefore(change, errors)) {
                continue;
            }
            try {
                driver.updateScheduler(change.uuid(), update, EnumSet.of(HypervisorDriver.Affect.LIVE));
                ledger.applied(change, index);
                if (change.role() == ShareChange.Role.RESTORE) {
                    originals.forget(change.uuid(), storeErrors);
                }
                scheduler.applied(change.uuid(), update);
                applied.add(change);
            } catch (DriverException e) {
                errors.add(change.name() + ": setting cpu_shares " + change.sharesAfter() + ": " + e.getMessage());
            }
        }
        return applied;
    }

    /** The level at which this controller's host is managed now. */
    public ManagementLevel hostLevel() {
        return inputs.levels().host(host);
    }
}
