package dev.hpm.store.jdbc;

import dev.hpm.store.HistoryRepository.GroupPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Which ranges reach the database: complete buckets once, the partial ends every time. */
class BucketCacheTest {
    private static final long HOUR = 3_600_000;
    private static final long T = 1_000 * HOUR; // a whole hour since the epoch

    private final List<List<Long>> queried = new ArrayList<>();

    /** The database: one point per bucket of the range, stamped with the bucket's start. */
    private final BiFunction<Long, Long, List<GroupPoint>> database = (from, to) -> {
        queried.add(List.of(from, to));
        List<GroupPoint> points = new ArrayList<>();
        for (long s = from - Math.floorMod(from, HOUR); s < to; s += HOUR) {
            points.add(new GroupPoint(Instant.ofEpochMilli(s), "Trading", 50, 1.4, 2, 2, 10));
        }
        return points;
    };

    @Test
    void groups_thirtySixHoursAskedTwice_readsTheCompleteHoursOnceAndThePartialEndsEachTime() {
        BucketCache<GroupPoint> cache = new BucketCache<>(GroupPoint::at);
        cache.recorded(T + 36 * HOUR + 5, T + 36 * HOUR + 5);
        long from = T + HOUR / 2;
        long to = T + 36 * HOUR + 10;

        List<GroupPoint> first = cache.groups(null, from, to, HOUR, database);
        List<List<Long>> firstQueries = List.copyOf(queried);
        queried.clear();
        List<GroupPoint> second = cache.groups(null, from, to, HOUR, database);

        assertThat(firstQueries).containsExactly(List.of(T + HOUR, T + 35 * HOUR), List.of(from, T + HOUR),
                List.of(T + 35 * HOUR, to));
        assertThat(queried).as("the second time: only the partial first hour and the hours not yet complete")
                .containsExactly(List.of(from, T + HOUR), List.of(T + 35 * HOUR, to));
        assertThat(second).containsExactlyInAnyOrderElementsOf(first).hasSize(37);
        assertThat(cache.size()).isEqualTo(34);
    }

    @Test
    void recorded_lateRowsInACachedHour_dropThatHourAndThoseAfter() {
        BucketCache<GroupPoint> cache = new BucketCache<>(GroupPoint::at);
        cache.recorded(T + 36 * HOUR, T + 36 * HOUR);
        cache.groups("Trading", T, T + 30 * HOUR, HOUR, database);
        assertThat(cache.size()).isEqualTo(30);

        cache.recorded(T + 20 * HOUR + 1, T + 20 * HOUR + 1);
        cache.purged(T + 5 * HOUR);

        assertThat(cache.size()).as("hours 5 to 19 remain").isEqualTo(15);
        queried.clear();
        cache.groups("Trading", T, T + 30 * HOUR, HOUR, database);
        assertThat(queried).containsExactly(List.of(T, T + 30 * HOUR));
    }

    @Test
    void groups_beforeAnyIntervalIsRecorded_alwaysAsksTheDatabase() {
        BucketCache<GroupPoint> cache = new BucketCache<>(GroupPoint::at);

        cache.groups(null, T, T + 10 * HOUR, HOUR, database);
        cache.groups(null, T, T + 10 * HOUR, HOUR, database);

        assertThat(queried).hasSize(2);
        assertThat(cache.size()).isZero();
    }
}
