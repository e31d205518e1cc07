package dev.hpm.bench;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DomainStatsDecoder;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimHost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replays one simulated interval over and over: call k reports every counter at k times its
 * value after the interval, ten seconds apart, through the same decoder a real driver uses.
 * Scheduler changes are accepted and forgotten, so every interval poses the same problem.
 * It is also the time base (each statistics call advances it by one interval).
 */
final class ReplayDriver implements HypervisorDriver, Timebase {
    private static final long INTERVAL = 10_000_000_000L;
    private final int cpus;
    private final String[] uuids;
    private final String[] names;
    private final long[][] time;
    private final long[][] delay;
    private final long[] cpuTime;
    private final DomainStatsDecoder decoder = new DomainStatsDecoder();
    private final String[] timeField = new String[64];
    private final String[] delayField = new String[64];
    private long calls;

    ReplayDriver(SimHost host) {
        this.cpus = host.cpus();
        List<SimDomain> domains = host.domains();
        int n = domains.size();
        uuids = new String[n];
        names = new String[n];
        time = new long[n][];
        delay = new long[n][];
        cpuTime = new long[n];
        for (int v = 0; v < timeField.length; v++) {
            timeField[v] = "vcpu." + v + ".time";
            delayField[v] = "vcpu." + v + ".delay";
        }
        SimClock probeClock = new SimClock();
        probeClock.advance(INTERVAL);
        List<DomainSample> after = new dev.hpm.sim.host.SimDriver(host, probeClock).domainStats(StatsGroup.CPU);
        for (int i = 0; i < n; i++) {
            DomainSample s = after.get(i);
            uuids[i] = s.uuid();
            names[i] = s.name();
            time[i] = s.vcpuTimeNanos();
            delay[i] = s.vcpuDelayNanos();
            cpuTime[i] = s.cpuTimeNanos();
        }
    }

    @Override
    public long nanos() {
        return calls * INTERVAL;
    }

    @Override
    public Instant now() {
        return SimClock.EPOCH.plusNanos(nanos());
    }

    @Override
    public String uri() {
        return "replay://";
    }

    @Override
    public NodeInfo nodeInfo() {
        return new NodeInfo("x86_64", 1L << 30, cpus, 2600, 1, 1, cpus, 1);
    }

    @Override
    public NodeCpuStats nodeCpuStats() {
        return new NodeCpuStats(0, calls * INTERVAL * cpus, 0, 0, nanos());
    }

    @Override
    public List<DomainSample> domainStats(Set<StatsGroup> groups) {
        calls++;
        List<DomainSample> samples = new ArrayList<>(uuids.length);
        for (int i = 0; i < uuids.length; i++) {
            decoder.begin(uuids[i], names[i], nanos()).field("state.state", 1).field("cpu.time", calls * cpuTime[i])
                    .field("vcpu.current", time[i].length).field("vcpu.maximum", time[i].length);
            for (int v = 0; v < time[i].length; v++) {
                decoder.field(timeField[v], calls * time[i][v]).field(delayField[v], calls * delay[i][v]);
            }
            samples.add(decoder.build());
        }
        return samples;
    }

    @Override
    public SchedulerParameters schedulerParameters(String uuid) {
        return SchedulerParameters.defaults();
    }

    @Override
    public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
        // accepted and forgotten: the next interval poses the same problem again
    }

    @Override
    public void close() {
    }
}
