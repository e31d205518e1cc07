package dev.hpm.core.cluster;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;

import java.util.List;
import java.util.Set;

/** A driver that only records the domains whose scheduler was changed. */
final class RecordingDriver implements HypervisorDriver {
    private final List<String> changed;

    RecordingDriver(List<String> changed) {
        this.changed = changed;
    }

    @Override
    public String uri() {
        return "test:///h";
    }

    @Override
    public NodeInfo nodeInfo() {
        throw new UnsupportedOperationException();
    }

    @Override
    public NodeCpuStats nodeCpuStats() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<DomainSample> domainStats(Set<StatsGroup> groups) {
        return List.of();
    }

    @Override
    public SchedulerParameters schedulerParameters(String uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
        changed.add(uuid);
    }

    @Override
    public void close() {
    }
}
