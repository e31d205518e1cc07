package dev.hpm.server.balance;

import dev.hpm.core.balance.BalancingGroup;
import dev.hpm.core.balance.MemberInput;
import dev.hpm.core.balance.MemberWeight;
import dev.hpm.core.balance.WeightRule;
import dev.hpm.core.cpu.VsView;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.Goal;
import dev.hpm.core.pool.Scheduler;
import dev.hpm.core.time.Timebase;
import dev.hpm.sasp.WeightSource;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.server.runtime.ServerState;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.PoolRepository;
import dev.hpm.store.Store;

import java.lang.System.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The load-balancing weights of {@code hpm serve}: once after every control interval, the weight
 * of each member of each group from the interval's reports through {@link WeightRule}
 * (docs/workload-balancing.md), kept with a short history for the API and served to the SASP
 * server and the agent-check listener ({@link WeightSource}). A host is in maintenance for the
 * weights when the API put it there ({@link #setMaintenance}) or when its server pool has it
 * entering maintenance (being evacuated) or in maintenance ({@link #poolMaintenance}); the pool's
 * state is read at every check, so entering or leaving through the pool API shows within a
 * quarter of an interval.
 */
public final class BalancingService implements WeightSource {
    private static final Logger LOG = System.getLogger(BalancingService.class.getName());
    /** Points of history kept per member. */
    public static final int HISTORY = 120;
    private final Store store;
    private final ServerState state;
    private final ManagementService service;
    private final Timebase time;
    private final WeightRule rule;
    private final Set<String> maintenance = ConcurrentHashMap.newKeySet();
    /** The hosts the server pools had in maintenance at the last step. */
    private Set<String> pooled = Set.of();
    private final Map<String, Deque<Point>> history = new HashMap<>();
    private volatile List<BalancingGroup> groups;
    private volatile Map<String, GroupWeights> current = Map.of();
    /** The weights at the end of the interval before {@link #weighedInterval}: what a recomputation starts from. */
    private Map<String, GroupWeights> base = Map.of();
    private long weighedInterval = -1;
    private long lastInterval = -1;

    /** The weights of one group at one interval. */
    public record GroupWeights(BalancingGroup group, Instant at, long interval, List<MemberWeight> weights) {
        public MemberWeight of(String member) {
            return weights.stream().filter(w -> w.member().equals(member)).findFirst().orElse(null);
        }
    }

    /** One point of a member's weight history. */
    public record Point(Instant at, int weight, int target) {
    }

    public BalancingService(Store store, ServerState state, ManagementService service, Timebase time, WeightRule rule) {
        this.store = store;
        this.state = state;
        this.service = service;
        this.time = time;
        this.rule = rule;
        reloadGroups();
    }

    /** Checks for a new interval four times per interval on {@code scheduler}. */
    public Scheduler.Handle start(Scheduler scheduler) {
        Duration every = service.interval().dividedBy(4);
        return scheduler.scheduleAtFixedRate(this::stepQuietly, every, every);
    }

    /** Re-reads the groups after a change through the API; the next step weighs them. */
    public void reloadGroups() {
        groups = store.balancing().groups();
        synchronized (this) {
            lastInterval = -1;
        }
    }

    public List<BalancingGroup> groups() {
        return groups;
    }

    /** Puts a host (its id or name) in maintenance or takes it out; takes effect at once. */
    public void setMaintenance(String host, boolean on) {
        if (on) {
            maintenance.add(host);
        } else {
            maintenance.remove(host);
        }
        synchronized (this) {
            lastInterval = -1;
        }
        stepQuietly();
    }

    /** The hosts put in maintenance for load balancing through the API. */
    public Set<String> maintenance() {
        return Set.copyOf(maintenance);
    }

    /**
     * The hosts (hypervisor ids) a server pool has entering maintenance (DWM is evacuating them) or in
     * maintenance, as the store says; a host that is leaving maintenance takes work again.
     */
    public Set<String> poolMaintenance() {
        Set<String> in = new java.util.HashSet<>();
        for (PoolRepository.HostState h : store.pools().hostStates()) {
            if (h.maintenance() == PoolRepository.Maintenance.ENTERING || h.maintenance() == PoolRepository.Maintenance.IN) {
                in.add(h.hypervisor());
            }
        }
        return Set.copyOf(in);
    }

    private void stepQuietly() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, "load-balancing weights: " + e, e);
        }
    }

    /** Weighs every group if an interval ran since the last step; returns whether it did. */
    public synchronized boolean step() {
        long n = service.intervalsRun();
        Set<String> inPoolMaintenance;
        try {
            inPoolMaintenance = poolMaintenance();
        } catch (RuntimeException e) { // the store is unreachable: weigh with what the pools said last
            LOG.log(Logger.Level.WARNING, "load-balancing weights: cannot read the pools' maintenance (" + e.getMessage()
                    + "); using the last known: " + pooled);
            inPoolMaintenance = pooled;
        }
        if (n == lastInterval && lastInterval >= 0 && inPoolMaintenance.equals(pooled)) {
            return false;
        }
        lastInterval = n;
        pooled = inPoolMaintenance;
        if (n != weighedInterval) { // a new interval: smooth from the weights of the last one
            base = current;
            weighedInterval = n;
        } // else a recomputation within the interval (a group or a host changed): from the same base, one step per interval
        Map<String, Located> latest = locate(service.latest());
        Set<String> reporting = reportingHosts();
        Instant now = time.now();
        Map<String, GroupWeights> next = new LinkedHashMap<>();
        for (BalancingGroup g : groups) {
            GroupWeights before = base.get(g.name());
            Map<String, MemberWeight> previous = new HashMap<>();
            if (before != null) {
                before.weights().forEach(w -> previous.put(w.member(), w));
            }
            List<MemberInput> inputs = g.members().stream().map(m -> input(m, latest, reporting, now)).toList();
            List<MemberWeight> weights = rule.weigh(inputs, previous);
            next.put(g.name(), new GroupWeights(g, now, n, weights));
            for (MemberWeight w : weights) {
                Deque<Point> h = history.computeIfAbsent(g.name() + "/" + w.member(), k -> new ArrayDeque<>());
                GroupWeights sameInterval = current.get(g.name());
                if (sameInterval != null && sameInterval.interval() == n && !h.isEmpty()) {
                    h.removeLast(); // a recomputation within the interval replaces its point
                }
                h.addLast(new Point(now, w.weight(), w.target()));
                while (h.size() > HISTORY) {
                    h.removeFirst();
                }
            }
        }
        current = Map.copyOf(next);
        return true;
    }

    /** Where a VS was measured in the latest interval. */
    private record Located(IntervalReport report, HostMeasurement host, VsMeasurement vs) {
    }

    private static Map<String, Located> locate(Map<String, IntervalReport> latest) {
        Map<String, Located> out = new HashMap<>();
        for (IntervalReport r : latest.values()) {
            if (r.measurement() == null) {
                continue;
            }
            for (VsMeasurement vs : r.measurement().servers()) {
                Located l = new Located(r, r.measurement(), vs);
                out.put(vs.uuid(), l);
                out.putIfAbsent(vs.name(), l);
            }
        }
        return out;
    }

    /** The hosts whose latest report has a measurement. */
    private Set<String> reportingHosts() {
        Set<String> hosts = new java.util.HashSet<>();
        service.latest().forEach((id, r) -> {
            if (r.measurement() != null) {
                hosts.add(id);
            }
        });
        return hosts;
    }

    private MemberInput input(BalancingGroup.Member m, Map<String, Located> located, Set<String> reporting, Instant now) {
        String vsName = m.virtualServer();
        Located l = vsName == null ? null : located.get(vsName);
        if (l == null) {
            InventoryRepository.ServerRecord known = vsName == null ? null : known(vsName);
            if (known != null && !reporting.contains(known.host())) { // its host has not reported (yet): no data
                return new MemberInput(m.name(), MemberInput.VsState.RUNNING, true, false, false, Double.NaN, 5, 0, false);
            }
            MemberInput.VsState s = known != null ? MemberInput.VsState.STOPPED : MemberInput.VsState.UNKNOWN;
            return new MemberInput(m.name(), s, false, false, false, Double.NaN, 5, 0, false);
        }
        VsMeasurement vs = l.vs();
        if (vs.status() == SampleStatus.NOT_RUNNING) {
            return new MemberInput(m.name(), MemberInput.VsState.STOPPED, false, false, false, Double.NaN, 5, 0, false);
        }
        boolean stale = !vs.status().isData()
                || Duration.between(l.report().time(), now).compareTo(service.interval().multipliedBy(3)) > 0;
        boolean inMaintenance = maintenance.contains(l.report().host()) || maintenance.contains(hostName(l.report().host()))
                || pooled.contains(l.report().host());
        HostMeasurement h = l.host();
        ClassMeasurement own = vs.serviceClass() == null ? null : h.classes().get(vs.serviceClass().key());
        double pi = own == null || !own.hasVelocity() || own.serviceClass().isDiscretionary() ? Double.NaN : own.pi();
        int importance = vs.serviceClass() == null ? 5 : vs.serviceClass().importanceOrder();
        double demand = h.servers().stream().mapToDouble(VsMeasurement::demandCpus).sum();
        double headroom = h.cpus() <= 0 ? 0 : Math.max(0, h.cpus() - demand) / h.cpus();
        boolean protectedMissing = h.classes().values().stream().anyMatch(c -> own != null
                && !c.serviceClass().key().equals(own.serviceClass().key()) && c.missesGoal()
                && c.serviceClass().importanceOrder() <= importance);
        return new MemberInput(m.name(), MemberInput.VsState.RUNNING, stale, inMaintenance, false, pi, importance, headroom,
                protectedMissing, load(l, Math.max(0, h.cpus() - demand)));
    }

    /**
     * A response-time member's VS's CPU for the weight rule's projection (null for other classes or
     * without a velocity): what it got and wanted, and the most it could get, what it got plus the
     * host's spare CPUs, at most its vCPUs and its cap.
     */
    private static MemberInput.ServerLoad load(Located l, double spareCpus) {
        VsMeasurement vs = l.vs();
        if (vs.serviceClass() == null || !(vs.serviceClass().goal() instanceof Goal.ResponseTime) || !vs.hasVelocity()) {
            return null;
        }
        double most = vs.vcpus();
        if (l.report().view() != null) {
            for (VsView v : l.report().view().servers()) {
                if (v.uuid().equals(vs.uuid()) && v.capCpus() > 0) {
                    most = Math.min(most, v.capCpus());
                }
            }
        }
        return new MemberInput.ServerLoad(vs.usingCpus(), vs.demandCpus(), Math.min(most, vs.usingCpus() + spareCpus),
                l.host().cpus());
    }

    /** The inventory's record of {@code vs} (UUID or name), or null. */
    private InventoryRepository.ServerRecord known(String vs) {
        for (InventoryRepository.ServerRecord s : state.servers().values()) {
            if (s.uuid().equals(vs) || s.name().equals(vs)) {
                return s;
            }
        }
        return null;
    }

    private String hostName(String id) {
        for (ManagedHost h : service.hosts()) {
            if (h.id().equals(id)) {
                return h.name();
            }
        }
        return id;
    }

    /** The weights of every group at the latest step, by group name. */
    public Map<String, GroupWeights> current() {
        return current;
    }

    /** The history of member {@code member} of {@code group}, oldest first. */
    public synchronized List<Point> history(String group, String member) {
        Deque<Point> h = history.get(group + "/" + member);
        return h == null ? List.of() : new ArrayList<>(h);
    }

    @Override
    public MemberWeight byEndpoint(int protocol, String address, int port) {
        for (BalancingGroup g : groups) {
            for (BalancingGroup.Member m : g.members()) {
                if (m.protocol().number() == protocol && m.port() == port && m.address().equals(address)) {
                    return byName(g.name(), m.name());
                }
            }
        }
        return null;
    }

    /**
     * The member's latest weight; for a member of a defined group that no step has weighed yet
     * (the server just started, or the group was just created) the stale default, not confident.
     */
    @Override
    public MemberWeight byName(String group, String member) {
        GroupWeights g = current.get(group);
        MemberWeight w = g == null ? null : g.of(member);
        if (w != null) {
            return w;
        }
        for (BalancingGroup defined : groups) {
            if (defined.name().equals(group) && defined.member(member) != null) {
                return rule.weigh(List.of(new MemberInput(member, MemberInput.VsState.RUNNING, true, false, false,
                        Double.NaN, 5, 0, false)), Map.of()).getFirst();
            }
        }
        return null;
    }
}
