package dev.hpm.core.cluster;

import dev.hpm.core.driver.DomainAction;
import dev.hpm.core.driver.DomainDevices;
import dev.hpm.core.driver.DomainEvent;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A host's driver in a cluster (docs/cluster.md): reads pass through; every change HPM makes to a domain (its
 * scheduler parameters, its state) is made only if the {@link LeaseGuard} admits the host
 * immediately before, else it fails with a {@link FencedException}. Each change made is told to
 * the {@link ChangeLog} with the epoch it was made under.
 */
public final class FencedDriver implements HypervisorDriver {
    private final String host;
    private final HypervisorDriver driver;
    private final LeaseGuard guard;
    private final ChangeLog log;

    /** Where the changes made under a lease are recorded: host, epoch, what. */
    @FunctionalInterface
    public interface ChangeLog {
        ChangeLog NONE = (host, epoch, what) -> {
        };

        void changed(String host, long epoch, String what);

        /** A change on {@code host} was not made: this instance held no valid lease. */
        default void refused(String host, String what) {
        }
    }

    public FencedDriver(String host, HypervisorDriver driver, LeaseGuard guard, ChangeLog log) {
        this.host = host;
        this.driver = driver;
        this.guard = guard;
        this.log = log;
    }

    @Override
    public String uri() {
        return driver.uri();
    }

    @Override
    public NodeInfo nodeInfo() {
        return driver.nodeInfo();
    }

    @Override
    public NodeCpuStats nodeCpuStats() {
        return driver.nodeCpuStats();
    }

    @Override
    public List<DomainSample> domainStats(Set<StatsGroup> groups) {
        return driver.domainStats(groups);
    }

    @Override
    public SchedulerParameters schedulerParameters(String uuid) {
        return driver.schedulerParameters(uuid);
    }

    @Override
    public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
        long epoch = check("setting the scheduler of " + uuid);
        driver.updateScheduler(uuid, update, affect);
        log.changed(host, epoch, "scheduler " + uuid + " " + update);
    }

    @Override
    public void changeState(String uuid, DomainAction action) {
        long epoch = check(action + " of " + uuid);
        driver.changeState(uuid, action);
        log.changed(host, epoch, action + " " + uuid);
    }

    private long check(String what) {
        try {
            return guard.check(host, what);
        } catch (FencedException e) {
            log.refused(host, what);
            throw e;
        }
    }

    @Override
    public DomainDevices devices(String uuid) {
        return driver.devices(uuid);
    }

    @Override
    public Optional<Set<String>> tags(String uuid) {
        return driver.tags(uuid);
    }

    @Override
    public boolean keepsTags() {
        return driver.keepsTags();
    }

    @Override
    public void setTags(String uuid, Set<String> tags) {
        driver.setTags(uuid, tags); // an operator's labels, set through any instance's API: no resource HPM manages
    }

    @Override
    public Subscription onDomainEvents(Consumer<DomainEvent> listener) {
        return driver.onDomainEvents(listener);
    }

    @Override
    public void close() {
        driver.close();
    }
}
