package dev.hpm.sim.host;

import dev.hpm.core.driver.DomainAction;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DomainStatsDecoder;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.time.Timebase;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@link HypervisorDriver} of a simulated host; thread-safe together with the host's ticks. Statistics come out under libvirt's field
 * names and units and go through the same {@link DomainStatsDecoder} as the libvirt driver's;
 * scheduler changes are checked as libvirt checks them. Errors use libvirt's codes and wording.
 */
public final class SimDriver implements HypervisorDriver {
    /** libvirt's VIR_ERR_NO_DOMAIN. */
    public static final int NO_DOMAIN = 42;
    /** libvirt's VIR_ERR_INVALID_ARG. */
    public static final int INVALID_ARG = 8;
    /** libvirt's VIR_ERR_SYSTEM_ERROR. */
    public static final int SYSTEM_ERROR = 38;

    private final SimHost host;
    private final Timebase time;
    private final DomainStatsDecoder decoder = new DomainStatsDecoder();
    private boolean closed;

    public SimDriver(SimHost host, Timebase time) {
        this.host = host;
        this.time = time;
    }

    @Override
    public String uri() {
        return uriOf(host.name());
    }

    /** The URI of the simulated host called {@code hostName}: {@code sim://NAME}. */
    public static String uriOf(String hostName) {
        return "sim://" + hostName;
    }

    @Override
    public NodeInfo nodeInfo() {
        synchronized (host) {
            check();
            return new NodeInfo("x86_64", host.memoryKiB(), host.cpus(), 2600, 1, 1, host.cpus(), 1);
        }
    }

    @Override
    public NodeCpuStats nodeCpuStats() {
        synchronized (host) {
            check();
            long busy = (long) host.busyNanos();
            return new NodeCpuStats(busy / 10, busy - busy / 10, (long) host.idleNanos(), 0, time.nanos());
        }
    }

    @Override
    public List<DomainSample> domainStats(Set<StatsGroup> groups) {
        synchronized (host) {
            check();
            long now = time.nanos();
            List<DomainSample> samples = new ArrayList<>(host.domains().size());
            for (SimDomain d : host.domains()) {
                decoder.begin(d.uuid(), d.name(), now);
                if (groups.contains(StatsGroup.STATE)) {
                    decoder.field("state.state", d.state()).field("state.reason", 1);
                }
                if (groups.contains(StatsGroup.CPU_TOTAL)) {
                    long cpu = d.cpuTimeNanos();
                    decoder.field("cpu.time", cpu).field("cpu.user", cpu / 10 * 9).field("cpu.system", cpu / 10);
                }
                if (groups.contains(StatsGroup.VCPU)) {
                    decoder.field("vcpu.current", d.vcpus()).field("vcpu.maximum", d.vcpus());
                    for (int i = 0; i < d.vcpus(); i++) {
                        decoder.field("vcpu." + i + ".state", 1)
                                .field("vcpu." + i + ".time", d.vcpuTimeNanos(i))
                                .field("vcpu." + i + ".wait", 0)
                                .field("vcpu." + i + ".delay", d.vcpuDelayNanos(i));
                    }
                }
                if (groups.contains(StatsGroup.BALLOON)) {
                    decoder.field("balloon.current", d.memoryKiB()).field("balloon.maximum", d.memoryKiB())
                            .field("balloon.rss", d.memoryKiB() * 3 / 5).field("balloon.available", d.memoryKiB())
                            .field("balloon.usable", d.memoryKiB() / 2).field("balloon.unused", d.memoryKiB() / 2);
                }
                samples.add(decoder.build());
            }
            return samples;
        }
    }

    @Override
    public SchedulerParameters schedulerParameters(String uuid) {
        synchronized (host) {
            check();
            return domain(uuid).scheduler();
        }
    }

    @Override
    public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
        synchronized (host) {
            check();
            SimDomain domain = domain(uuid);
            if (!domain.running() && affect.contains(Affect.LIVE)) {
                throw new DriverException(55, "Requested operation is not valid: domain is not running");
            }
            long shares = update.cpuShares().orElse(domain.scheduler().cpuShares());
            if (shares < 2 || shares > 262_144) {
                throw new DriverException(INVALID_ARG, "invalid argument: value of 'cpu_shares' is out of range [2, 262144]");
            }
            long period = update.globalPeriod().orElse(domain.scheduler().globalPeriod());
            if (period < 1000 || period > 1_000_000) {
                throw new DriverException(INVALID_ARG, "invalid argument: value of 'global_period' is out of range [1000, 1000000]");
            }
            domain.scheduler(domain.scheduler().with(update));
        }
    }

    /**
     * Changes the state as libvirt's QEMU driver would: pausing needs a running domain, resuming a
     * paused one, starting a shut-off one, the others an active one; a shut-down completes at once.
     */
    @Override
    public void changeState(String uuid, DomainAction action) {
        synchronized (host) {
            check();
            SimDomain d = domain(uuid);
            int state = d.state();
            boolean active = state != SimDomain.SHUT_OFF;
            switch (action) {
                case START -> {
                    require(!active, "domain is already running");
                    d.restart();
                }
                case PAUSE -> {
                    require(active, "domain is not running");
                    d.pause();
                }
                case RESUME -> {
                    require(state == SimDomain.PAUSED, active ? "domain is already running" : "domain is not running");
                    d.resume();
                }
                case SHUTDOWN, DESTROY -> {
                    require(active, "domain is not running");
                    d.shutOff();
                }
                case REBOOT, RESET -> {
                    require(active, "domain is not running");
                    d.restart();
                }
            }
        }
    }

    @Override
    public dev.hpm.core.driver.DomainDevices devices(String uuid) {
        synchronized (host) {
            check();
            return domain(uuid).devices();
        }
    }

    private static void require(boolean valid, String why) {
        if (!valid) {
            throw new DriverException(OPERATION_INVALID, "Requested operation is not valid: " + why);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private SimDomain domain(String uuid) {
        for (SimDomain d : host.domains()) {
            if (d.uuid().equals(uuid)) {
                return d;
            }
        }
        throw new DriverException(NO_DOMAIN, "Domain not found: no domain with matching uuid '" + uuid + "'");
    }

    private void check() {
        if (closed) {
            throw new DriverException(SYSTEM_ERROR, "internal error: client socket is closed");
        }
        if (!host.reachable()) {
            throw new DriverException(SYSTEM_ERROR, "Cannot recv data: Connection reset by peer");
        }
    }
}
