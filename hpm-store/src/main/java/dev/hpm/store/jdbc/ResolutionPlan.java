package dev.hpm.store.jdbc;

import dev.hpm.store.jdbc.HistoryQueries.Range;
import dev.hpm.store.jdbc.HistoryRollups.Resolution;

import dev.hpm.codec.Units;
import dev.hpm.core.model.Problem;
import dev.hpm.store.InvalidQueryException;
import dev.hpm.store.StoreSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** Which source answers which buckets of a history query: the roll-ups (docs/history.md), else the raw rows. */
final class ResolutionPlan {
    /**
     * How far before a retention's edge a range may begin and still be answered at a finer step: a
     * relative range such as {@code -36h} reaches the edge a moment after it was read, and the purge
     * (every ten minutes) deletes the rows past it a little later anyway.
     */
    static final Duration EDGE_GRACE = Duration.ofMinutes(5);

    private ResolutionPlan() {
    }

    /**
     * Refuses a range that begins before what the finest source that can answer its step keeps: a
     * range reaching back past {@code history.retention} (the raw rows) needs a step that is a
     * multiple of 5 minutes, past {@code history.retention-5m} a multiple of 1 hour (the part inside
     * the retention would be answered, the part outside would be empty). A range without a start is
     * answered from the raw rows, as it is.
     *
     * @throws InvalidQueryException naming the step, the range, the retention and a step that works
     */
    static void requireAnswerable(Range r, Instant now, StoreSettings retention) {
        if (r.from() == Long.MIN_VALUE) {
            return;
        }
        Resolution needed = null;
        String setting = null;
        Duration kept = null;
        if (r.from() < now.minus(retention.retention5m()).minus(EDGE_GRACE).toEpochMilli()) {
            needed = Resolution.HOUR;
            setting = "history.retention-5m";
            kept = retention.retention5m();
        } else if (r.from() < now.minus(retention.retention()).minus(EDGE_GRACE).toEpochMilli()) {
            needed = Resolution.FIVE_MINUTES;
            setting = "history.retention";
            kept = retention.retention();
        }
        if (needed == null || (r.bucket() > 1 && r.bucket() % needed.millis == 0)) {
            return;
        }
        Duration resolution = Duration.ofMillis(needed.millis);
        Duration suggested = Duration.ofMillis(Math.max(1, Math.ceilDiv(r.bucket(), needed.millis)) * needed.millis);
        throw new InvalidQueryException(List.of(new Problem("step", r.bucket() > 1 ? Units.format(Duration.ofMillis(r.bucket()))
                : null, "the range " + Instant.ofEpochMilli(r.from()) + " to " + (r.to() == Long.MAX_VALUE ? "now"
                : Instant.ofEpochMilli(r.to())) + " reaches back past " + setting + " (" + Units.format(kept)
                + "), and older history is kept in " + Units.format(resolution) + " buckets only: use a step that is "
                + "a multiple of " + Units.format(resolution) + ", e.g. " + Units.format(suggested))));
    }

    /**
     * Answers {@code r} from the coarsest roll-up whose resolution divides its bucket, for the whole
     * buckets that roll-up has (before its rolled-up end), and the rest, before and after, the same
     * way from the finer ones and at last from the raw rows. Each bucket of the answer comes from one
     * source, and every source gives a bucket the same figures.
     */
    static <P> List<P> answer(Range r, Supplier<Map<Resolution, Long>> rolledTo, Function<Range, List<P>> raw,
                              BiFunction<Resolution, Range, List<P>> rolled) {
        if (r.from() == Long.MIN_VALUE || r.to() == Long.MAX_VALUE) {
            return raw.apply(r);
        }
        return planned(r, Resolution.COARSEST_FIRST, rolledTo.get(), raw, rolled);
    }

    private static <P> List<P> planned(Range r, List<Resolution> sources, Map<Resolution, Long> marks,
                                       Function<Range, List<P>> raw, BiFunction<Resolution, Range, List<P>> rolled) {
        if (r.from() >= r.to()) {
            return List.of();
        }
        if (sources.isEmpty()) {
            return raw.apply(r);
        }
        Resolution res = sources.getFirst();
        List<Resolution> finer = sources.subList(1, sources.size());
        Long mark = marks.get(res);
        long first = r.start(r.from()) == r.from() ? r.from() : r.start(r.from()) + r.bucket();
        long end = mark == null ? first : Math.min(r.start(r.to()), r.start(mark));
        if (r.bucket() % res.millis != 0 || end <= first) {
            return planned(r, finer, marks, raw, rolled);
        }
        List<P> out = new ArrayList<>(planned(new Range(r.from(), first, r.bucket()), finer, marks, raw, rolled));
        out.addAll(rolled.apply(res, new Range(first, end, r.bucket())));
        out.addAll(planned(new Range(end, r.to(), r.bucket()), finer, marks, raw, rolled));
        return out;
    }
}
