package dev.hpm.core.measure;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ManagementLevel;

/**
 * One virtual server over one interval. {@code velocity} and {@code pi} are NaN when it has none
 * (nearly idle, or no data this interval: see {@code status}). CPU figures are in CPUs
 * (cores' worth) averaged over the interval.
 *
 * @param usingCpus      the time its vCPUs ran (Σ vcpu.N.time)
 * @param delayCpus      the time its runnable vCPUs waited (Σ vcpu.N.delay)
 * @param cpuCpus        Δ cpu.time (vCPUs plus emulator threads)
 * @param delayShare     delay / (using + delay), NaN if neither
 * @param sample         the raw counters this interval ended with
 */
public record VsMeasurement(String uuid, String name, ClassInfo serviceClass, ManagementLevel level,
                            SampleStatus status, int vcpus, long elapsedNanos, long usingNanos, long delayNanos,
                            double usingCpus, double delayCpus, double cpuCpus, double velocity, double pi,
                            double delayShare, DomainSample sample) {

    /** True if this interval gave it a velocity. */
    public boolean hasVelocity() {
        return !Double.isNaN(velocity);
    }

    /** The CPUs it wanted: using + delay, i.e. the time its vCPUs were runnable. */
    public double demandCpus() {
        return usingCpus + delayCpus;
    }
}
