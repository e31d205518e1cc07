package dev.hpm.core.loop;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsDelta;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler parameters (shares, caps) of one host's servers as HPM last knew them. Reading
 * them costs a call per server, so a server's are read when it is first seen, after a counter
 * reset or a missing sample (it may have restarted with other settings), and every
 * {@code refreshIntervals} intervals to notice changes made outside HPM; HPM's own changes update
 * the cache as they are applied. Not thread-safe: one {@link HostController} owns it.
 */
final class SchedulerCache {
    private final HypervisorDriver driver;
    private final int refreshIntervals;
    private final Map<String, SchedulerParameters> known = new HashMap<>();
    private final Map<String, Long> readAt = new HashMap<>();

    SchedulerCache(HypervisorDriver driver, int refreshIntervals) {
        this.driver = driver;
        this.refreshIntervals = refreshIntervals;
    }

    /** Reads the parameters of every running server whose are unknown or stale; failures go to {@code errors}. */
    void refresh(List<VsDelta> deltas, long interval, List<String> errors) {
        for (VsDelta d : deltas) {
            Long at = readAt.get(d.uuid());
            boolean stale = at == null || !d.status().isData() && d.status() != SampleStatus.NO_DELAY_COUNTER
                    || interval - at >= refreshIntervals;
            if (stale && d.sample().state() == DomainSample.STATE_RUNNING) {
                try {
                    known.put(d.uuid(), driver.schedulerParameters(d.uuid()));
                    readAt.put(d.uuid(), interval);
                } catch (DriverException e) {
                    errors.add(d.name() + ": reading scheduler parameters: " + e.getMessage());
                }
            }
        }
    }

    /** What a server has, or null if HPM has not read it. */
    SchedulerParameters get(String uuid) {
        return known.get(uuid);
    }

    /** What a server has, or the KVM defaults if HPM has not read it. */
    SchedulerParameters getOrDefault(String uuid) {
        return known.getOrDefault(uuid, SchedulerParameters.defaults());
    }

    /** Records a change HPM has just made. */
    void applied(String uuid, SchedulerUpdate update) {
        SchedulerParameters before = known.get(uuid);
        known.put(uuid, (before == null ? SchedulerParameters.defaults() : before).with(update));
    }

    /** Forgets the servers that are gone. */
    void retainAll(Set<String> present) {
        known.keySet().retainAll(present);
        readAt.keySet().retainAll(present);
    }

    /** Forgets everything (the host is unreachable: it may come back with other settings). */
    void clear() {
        known.clear();
        readAt.clear();
    }
}
