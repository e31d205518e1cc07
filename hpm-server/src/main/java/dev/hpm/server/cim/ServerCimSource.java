package dev.hpm.server.cim;

import dev.hpm.cim.model.CimSource;
import dev.hpm.core.cpu.VsView;
import dev.hpm.core.driver.DomainAction;
import dev.hpm.core.driver.DomainDevices;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.GroupMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.server.api.ApiContext;
import dev.hpm.server.runtime.Live;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.InventoryRepository.HostRecord;
import dev.hpm.store.InventoryRepository.ServerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CIM model's view of {@code hpm serve}: hosts and virtual servers from the store and the
 * latest interval (state from the last domain statistics, shares and cap from what the CPU manager
 * saw), groups and service classes from the service definition with their velocity and PI now.
 * Changes go through the host's {@link HypervisorDriver} and are audited under the CIM user's name.
 * A processor change is refused while HPM manages the server's CPU (docs/cim.md).
 */
public final class ServerCimSource implements CimSource {
    private final ApiContext api;
    private final Map<String, ManagedHost> hosts = new HashMap<>();
    private final Map<String, Long> memory = new ConcurrentHashMap<>();
    /**
     * What CIM set on a server, shown until the control loop's view has read it back (it re-reads
     * scheduler parameters changed outside the CPU manager only every few intervals).
     */
    private final Map<String, Changed> recent = new ConcurrentHashMap<>();

    /** Each server's disks and interfaces from its definition, re-read after {@link #DEVICES_FOR}. */
    private final Map<String, Devices> devices = new ConcurrentHashMap<>();

    private record Devices(DomainDevices devices, long untilNanos) {
    }

    /** Shares and cap (percent of a CPU, 0 none) set through CIM; -1 where unchanged. */
    private record Changed(long shares, long capPercent, long untilNanos) {
    }

    /** How long a change made through CIM is shown while the control loop has not read it back. */
    private static final java.time.Duration SHOW_SET_FOR = java.time.Duration.ofMinutes(10);
    /** How long a server's devices are kept before they are read again (definitions rarely change). */
    private static final java.time.Duration DEVICES_FOR = java.time.Duration.ofMinutes(5);

    public ServerCimSource(ApiContext api, List<ManagedHost> managed) {
        this.api = api;
        managed.forEach(h -> hosts.put(h.id(), h));
    }

    @Override
    public Snapshot snapshot() {
        Live live = api.live();
        List<Host> hostList = new ArrayList<>();
        Map<String, Integer> cpus = new HashMap<>();
        for (HostRecord h : api.store().inventory().hosts()) {
            IntervalReport r = live.hosts().get(h.id());
            int n = r != null && r.measurement() != null ? r.measurement().cpus() : h.cpus();
            cpus.put(h.id(), n);
            hostList.add(new Host(h.id(), h.name(), n, memoryOf(h.id())));
        }
        List<VirtualSystem> systems = new ArrayList<>();
        Map<ClassKey, Integer> classSizes = new HashMap<>();
        Map<String, Integer> groupSizes = new HashMap<>();
        for (ServerRecord s : api.state().servers().values()) {
            ClassInfo cls = api.classOf(s);
            classSizes.merge(cls.key(), 1, Integer::sum);
            groupSizes.merge(cls.key().group(), 1, Integer::sum);
            systems.add(system(s, cls, live));
        }
        systems.sort(java.util.Comparator.comparing(VirtualSystem::name).thenComparing(VirtualSystem::host));
        List<Group> groups = new ArrayList<>();
        List<CimSource.ServiceClass> classes = new ArrayList<>();
        for (WorkloadResourceGroup g : api.state().definition().groups()) {
            GroupMeasurement gm = live.groups().get(g.name());
            groups.add(new Group(g.name(), g.description(), g.importance().rank(), groupSizes.getOrDefault(g.name(), 0),
                    gm == null ? Double.NaN : gm.velocity(), gm == null ? Double.NaN : gm.worstPi()));
            for (dev.hpm.core.model.ServiceClass c : g.policy().serviceClasses()) {
                ClassInfo info = ClassInfo.of(g, c, api.state().definition().velocityMapping());
                ClassMeasurement cm = live.classes().get(info.key());
                classes.add(new CimSource.ServiceClass(g.name(), c.name(), c.description() == null ? "" : c.description(),
                        c.goal().label(), info.goalVelocity(), info.isDiscretionary() ? 0 : c.importance().rank(),
                        classSizes.getOrDefault(info.key(), 0), cm == null ? Double.NaN : cm.velocity(),
                        cm == null ? Double.NaN : cm.pi()));
            }
        }
        return new Snapshot(hostList, systems, groups, classes);
    }

    private VirtualSystem system(ServerRecord s, ClassInfo cls, Live live) {
        Live.ServerNow now = live.servers().get(s.uuid());
        VsMeasurement m = now == null ? null : now.measurement();
        VsView view = now == null ? null : now.view();
        int state;
        if (m != null && m.sample() != null && m.sample().state() > 0) {
            state = m.sample().state();
        } else {
            state = live.hosts().containsKey(s.host()) ? 5 : 0; // libvirt reports active domains only
        }
        long memoryKiB = m != null && m.sample() != null && m.sample().balloonMaximumKiB() > 0
                ? m.sample().balloonMaximumKiB() : 0;
        long shares = view == null ? -1 : view.shares();
        long cap = view == null ? -1 : Double.isInfinite(view.capCpus()) ? 0 : Math.round(view.capCpus() * 100);
        Changed set = recent.get(s.uuid());
        if (set != null) {
            boolean seen = (set.shares() < 0 || set.shares() == shares) && (set.capPercent() < 0 || set.capPercent() == cap);
            if (seen || api.time().nanos() > set.untilNanos()) {
                recent.remove(s.uuid(), set);
            } else {
                shares = set.shares() < 0 ? shares : set.shares();
                cap = set.capPercent() < 0 ? cap : set.capPercent();
            }
        }
        int vcpus = m != null && m.vcpus() > 0 ? m.vcpus() : s.vcpus();
        int using = m == null || vcpus == 0 ? -1 : (int) Math.round(Math.min(100, m.usingCpus() / vcpus * 100));
        return new VirtualSystem(s.uuid(), s.name(), s.host(), vcpus, memoryKiB, state, shares, cap,
                cls.key().group(), cls.key().serviceClass(), api.levelOf(s).label(), using);
    }

    private long memoryOf(String host) {
        Long known = memory.get(host);
        if (known != null) {
            return known;
        }
        ManagedHost h = hosts.get(host);
        if (h == null) {
            return 0;
        }
        try {
            long kib = h.driver().nodeInfo().memoryKiB();
            memory.put(host, kib);
            return kib;
        } catch (RuntimeException e) {
            return 0; // unreachable now: asked again next time
        }
    }

    /** The domain's disks and interfaces from its host's driver, kept for a few minutes; none if it cannot say. */
    @Override
    public DomainDevices devices(VirtualSystem system) {
        Devices known = devices.get(system.uuid());
        long now = api.time().nanos();
        if (known != null && now < known.untilNanos()) {
            return known.devices();
        }
        try {
            DomainDevices read = driver(system).devices(system.uuid());
            devices.put(system.uuid(), new Devices(read, now + DEVICES_FOR.toNanos()));
            return read;
        } catch (RuntimeException e) {
            return known != null ? known.devices() : DomainDevices.NONE; // unreachable now: asked again next time
        }
    }

    /** The domain's state from its host now (libvirt lists active domains only: absent is shut off). */
    @Override
    public int currentState(VirtualSystem system) {
        try {
            return driver(system).domainStats(Set.of(StatsGroup.STATE)).stream()
                    .filter(d -> d.uuid().equals(system.uuid())).mapToInt(DomainSample::state).findFirst().orElse(5);
        } catch (RuntimeException e) {
            return system.state();
        }
    }

    @Override
    public void changeState(String user, VirtualSystem system, DomainAction action) {
        try {
            ServerRecord s = server(system);
            if (api.levelOf(s) == ManagementLevel.NONE) {
                throw new Refused(system.name() + " has management level none: HPM leaves it alone");
            }
            driver(system).changeState(system.uuid(), action);
        } catch (RuntimeException e) { // the method's answer is a number: the reason goes to the log
            System.getLogger(ServerCimSource.class.getName()).log(System.Logger.Level.WARNING, "CIM RequestStateChange "
                    + action.name().toLowerCase() + " of " + system.name() + " on " + system.host() + " by " + user
                    + " failed: " + e.getMessage());
            throw e;
        }
        api.store().audit().append(user, "cim-request-state-change", system.name(), action.name().toLowerCase()
                + " through CIM on " + system.host());
    }

    @Override
    public void setProcessor(String user, VirtualSystem system, OptionalLong weight, OptionalLong limitPercent) {
        ServerRecord s = server(system);
        ManagementLevel level = api.levelOf(s);
        if (level != ManagementLevel.MONITOR) {
            throw new Refused(system.name() + " has management level " + level.label() + ": "
                    + (level == ManagementLevel.MANAGE
                    ? "HPM sets its cpu_shares and cap itself and would undo the change; set its management level "
                    + "(or its host's) to monitor to set them by hand"
                    : "HPM leaves it alone; set its management level to monitor to change it through HPM"));
        }
        long period = SchedulerParameters.DEFAULT_PERIOD;
        OptionalLong quota = limitPercent.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(limitPercent.getAsLong() == 0 ? -1 : Math.max(1000, limitPercent.getAsLong() * period / 100));
        SchedulerUpdate update = new SchedulerUpdate(weight, quota.isPresent() && quota.getAsLong() > 0
                ? OptionalLong.of(period) : OptionalLong.empty(), quota);
        int state = currentState(system); // the view's state lags up to an interval (a guest just started reads off)
        boolean running = state == 1 || state == 3;
        driver(system).updateScheduler(system.uuid(), update,
                Set.of(running ? HypervisorDriver.Affect.LIVE : HypervisorDriver.Affect.CONFIG));
        recent.put(system.uuid(), new Changed(weight.orElse(-1), limitPercent.orElse(-1),
                api.time().nanos() + SHOW_SET_FOR.toNanos()));
        api.store().audit().append(user, "cim-modify-resource-settings", system.name(),
                (weight.isPresent() ? "cpu_shares " + weight.getAsLong() + "; " : "")
                        + (limitPercent.isPresent() ? "cap " + limitPercent.getAsLong() + " % of a CPU" : ""));
    }

    private ServerRecord server(VirtualSystem system) {
        ServerRecord s = api.state().servers().get(system.uuid());
        if (s == null) {
            throw new Refused(system.name() + " is no longer in HPM's inventory");
        }
        return s;
    }

    private HypervisorDriver driver(VirtualSystem system) {
        ManagedHost h = hosts.get(system.host());
        if (h == null) {
            throw new Refused(system.name() + " is on " + system.host() + ", which this server does not manage");
        }
        return h.driver();
    }
}
