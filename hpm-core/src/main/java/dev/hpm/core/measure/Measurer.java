package dev.hpm.core.measure;

import dev.hpm.core.driver.DomainSample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns successive cumulative counters into per-interval deltas for the domains of one host
 * (docs/measurement.md). A counter that goes backwards means the domain restarted or migrated: that
 * interval is a new baseline, not data. An interval much longer than expected (the host was
 * unreachable) is discarded too, so a gap never shows up as a false velocity. Domains that
 * vanish are forgotten. Not thread-safe; one per host.
 */
public final class Measurer {
    private final MeasurementSettings settings;
    private final Map<String, DomainSample> previous = new HashMap<>();

    public Measurer(MeasurementSettings settings) {
        this.settings = settings;
    }

    /**
     * Takes the samples of one collection and returns one delta per sample.
     *
     * @param expectedIntervalNanos the configured interval, to recognise gaps
     */
    public List<VsDelta> update(List<DomainSample> samples, long expectedIntervalNanos) {
        List<VsDelta> deltas = new ArrayList<>(samples.size());
        Set<String> seen = new HashSet<>(samples.size() * 2);
        for (DomainSample sample : samples) {
            seen.add(sample.uuid());
            DomainSample before = previous.put(sample.uuid(), sample);
            deltas.add(delta(before, sample, expectedIntervalNanos));
        }
        previous.keySet().retainAll(seen);
        return deltas;
    }

    /** Forgets every baseline, e.g. after reconnecting to a host. */
    public void reset() {
        previous.clear();
    }

    private VsDelta delta(DomainSample before, DomainSample now, long expectedIntervalNanos) {
        int vcpus = now.vcpus();
        if (now.state() != DomainSample.STATE_RUNNING) {
            return none(now, SampleStatus.NOT_RUNNING, vcpus);
        }
        if (before == null) {
            return none(now, SampleStatus.FIRST, vcpus);
        }
        long elapsed = now.timestampNanos() - before.timestampNanos();
        if (elapsed <= 0) {
            return none(now, SampleStatus.INCONSISTENT, vcpus);
        }
        long using = now.usingNanos() - before.usingNanos();
        long cpu = now.cpuTimeNanos() - before.cpuTimeNanos();
        boolean hasDelay = now.vcpuDelayNanos() != null && before.vcpuDelayNanos() != null;
        long delay = hasDelay ? now.delayNanos() - before.delayNanos() : 0;
        if (using < 0 || cpu < 0 || delay < 0 || vcpus != before.vcpus()) {
            return none(now, SampleStatus.RESTARTED, vcpus);
        }
        if (elapsed > settings.maxGapIntervals() * expectedIntervalNanos) {
            return none(now, SampleStatus.GAP, vcpus);
        }
        double limit = (double) Math.max(vcpus, 1) * elapsed * (1 + settings.overrunTolerance());
        if (using + delay > limit) {
            return none(now, SampleStatus.INCONSISTENT, vcpus);
        }
        SampleStatus status = hasDelay ? SampleStatus.MEASURED : SampleStatus.NO_DELAY_COUNTER;
        return new VsDelta(now.uuid(), now.name(), status, elapsed, using, delay, cpu, vcpus, now);
    }

    private static VsDelta none(DomainSample now, SampleStatus status, int vcpus) {
        return new VsDelta(now.uuid(), now.name(), status, 0, 0, 0, 0, vcpus, now);
    }
}
