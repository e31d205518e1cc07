package dev.hpm.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The points of complete buckets of history combined over hosts (groups, and service classes over
 * hosts), kept in memory so that a long range (the 36-hour all-groups aggregate) reads from the
 * database only its two partial ends. A bucket is complete
 * when it ends more than {@link #SETTLE} before the latest interval recorded through this store:
 * intervals land at their own time, so no row arrives in it afterwards. A bucket's points are
 * independent of the other buckets' ({@link HistoryQueries} combines the intervals of each bucket
 * on their own), so the answer is the same with or without the cache.
 *
 * <p>Rows that do arrive in a cached bucket (a report stamped in the past) drop it
 * ({@link #recorded}); purged history drops the buckets it reached ({@link #purged}); a bulk load
 * drops everything ({@link #clear}). Another process writing the same database is not seen: its
 * intervals land at their own (current) time too, within {@link #SETTLE}. At most
 * {@value #MAX_BUCKETS} buckets are kept, the least recently used dropped first. Thread-safe.
 */
final class BucketCache<P> {
    /** How long after its end a bucket may still receive rows (hosts of one interval report within seconds). */
    static final Duration SETTLE = Duration.ofMinutes(5);
    /** Buckets kept (each a few points: one per group). */
    static final int MAX_BUCKETS = 20_000;
    /** Shorter buckets are not cached: their ranges are short. */
    static final long MIN_BUCKET_MILLIS = Duration.ofMinutes(1).toMillis();

    /** A bucket of one query: its group filter ("" for every group), length and start, in epoch ms. */
    private record Key(String group, long bucket, long start) {
    }

    private final Map<Key, List<P>> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, List<P>> eldest) {
            return size() > MAX_BUCKETS;
        }
    };
    private long latestRecorded = Long.MIN_VALUE;
    private final Function<P, Instant> at;

    /** {@code at}: a point's time, the start of its bucket. */
    BucketCache(Function<P, Instant> at) {
        this.at = at;
    }

    /**
     * The points of [from, to) in buckets of {@code bucket} ms for {@code group} (null: every group):
     * complete buckets from the cache, or from {@code query} (called with a sub-range whose ends are
     * bucket boundaries, or the range's partial ends) and then kept.
     */
    List<P> groups(String group, long from, long to, long bucket, BiFunction<Long, Long, List<P>> query) {
        long sealed;
        synchronized (this) {
            sealed = latestRecorded == Long.MIN_VALUE ? Long.MIN_VALUE : latestRecorded - SETTLE.toMillis();
        }
        if (bucket < MIN_BUCKET_MILLIS || sealed == Long.MIN_VALUE || from == Long.MIN_VALUE || to == Long.MAX_VALUE) {
            return query.apply(from, to);
        }
        long first = ceil(from, bucket);
        long end = Math.min(floor(to, bucket), floor(sealed, bucket)); // complete buckets: [first, end)
        if (end <= first) {
            return query.apply(from, to);
        }
        String filter = group == null ? "" : group;
        List<P> points = new ArrayList<>();
        long missingFrom = Long.MAX_VALUE;
        long missingTo = Long.MIN_VALUE;
        synchronized (this) {
            for (long s = first; s < end; s += bucket) {
                List<P> cached = buckets.get(new Key(filter, bucket, s));
                if (cached == null) {
                    missingFrom = Math.min(missingFrom, s);
                    missingTo = Math.max(missingTo, s + bucket);
                } else {
                    points.addAll(cached);
                }
            }
        }
        if (missingFrom < missingTo) { // one query for the span of what is missing; its cached buckets are replaced
            Map<Long, List<P>> byBucket = new LinkedHashMap<>();
            for (long s = missingFrom; s < missingTo; s += bucket) {
                byBucket.put(s, new ArrayList<>());
            }
            for (P p : query.apply(missingFrom, missingTo)) {
                byBucket.get(floor(at.apply(p).toEpochMilli(), bucket)).add(p);
            }
            long spanFrom = missingFrom;
            long spanTo = missingTo;
            points.removeIf(p -> at.apply(p).toEpochMilli() >= spanFrom && at.apply(p).toEpochMilli() < spanTo);
            synchronized (this) {
                byBucket.forEach((s, list) -> {
                    if (s + bucket <= sealed) {
                        buckets.put(new Key(filter, bucket, s), List.copyOf(list));
                    }
                });
            }
            byBucket.values().forEach(points::addAll);
        }
        if (from < first) {
            points.addAll(query.apply(from, first));
        }
        if (end < to) {
            points.addAll(query.apply(end, to));
        }
        return points;
    }

    /** Rows of [earliest, latest] were written: buckets they fall in are dropped, and buckets before {@code latest} may settle. */
    synchronized void recorded(long earliest, long latest) {
        buckets.keySet().removeIf(k -> k.start() + k.bucket() > earliest);
        latestRecorded = Math.max(latestRecorded, latest);
    }

    /** History before {@code cutoff} was deleted: buckets that began before it are dropped. */
    synchronized void purged(long cutoff) {
        buckets.keySet().removeIf(k -> k.start() < cutoff);
    }

    /** Drops every bucket (after a bulk load). */
    synchronized void clear() {
        buckets.clear();
    }

    synchronized int size() {
        return buckets.size();
    }

    private static long floor(long at, long bucket) {
        return at - Math.floorMod(at, bucket);
    }

    private static long ceil(long at, long bucket) {
        long f = floor(at, bucket);
        return f == at ? at : f + bucket;
    }
}
