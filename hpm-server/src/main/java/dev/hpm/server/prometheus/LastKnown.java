package dev.hpm.server.prometheus;

import dev.hpm.core.driver.DomainSample;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The last values libvirt's costly statistics groups (balloon, block, interface) gave, per server
 * and host. HPM reads those groups only every sixth interval; a series present in one scrape of six
 * would be marked stale by Prometheus in between and show as gaps, so {@code /metrics} keeps
 * serving the last value until the next reading. Servers no longer seen are forgotten.
 */
final class LastKnown {
    /** The figures kept, and where a sample carries them ({@link DomainSample#ABSENT} when not read). */
    enum Field {
        MEMORY_USAGE(DomainSample::balloonCurrentKiB),
        MAXIMUM_MEMORY(DomainSample::balloonMaximumKiB),
        BLOCK_READ(DomainSample::blockReadBytes),
        BLOCK_WRITE(DomainSample::blockWriteBytes),
        NET_RX(DomainSample::netRxBytes),
        NET_TX(DomainSample::netTxBytes);

        final ToLongFunction<DomainSample> read;

        Field(ToLongFunction<DomainSample> read) {
            this.read = read;
        }
    }

    private Map<String, long[]> values = new HashMap<>();

    /** Takes the values the scrape's samples carry and keeps the others from before. */
    void update(List<Scrape.Domain> domains) {
        Map<String, long[]> next = new HashMap<>();
        for (Scrape.Domain d : domains) {
            String key = key(d);
            long[] before = values.get(key);
            long[] now = new long[Field.values().length];
            DomainSample s = d.measurement().sample();
            for (Field f : Field.values()) {
                long v = s == null ? DomainSample.ABSENT : f.read.applyAsLong(s);
                now[f.ordinal()] = v >= 0 || before == null ? v : before[f.ordinal()];
            }
            next.put(key, now);
        }
        values = next;
    }

    /** The field's latest value for the server on its host, or {@link DomainSample#ABSENT}. */
    long get(Scrape.Domain d, Field f) {
        long[] v = values.get(key(d));
        return v == null ? DomainSample.ABSENT : v[f.ordinal()];
    }

    private static String key(Scrape.Domain d) {
        return d.host() + "\n" + d.measurement().uuid();
    }
}
