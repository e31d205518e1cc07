package dev.hpm.core.measure;

import dev.hpm.core.driver.DomainSample;

/**
 * The counter deltas of one virtual server over one interval. Deltas are zero unless
 * {@code status} is {@link SampleStatus#MEASURED}.
 */
public record VsDelta(String uuid, String name, SampleStatus status, long elapsedNanos, long usingNanos,
                      long delayNanos, long cpuTimeNanos, int vcpus, DomainSample sample) {
}
