package dev.hpm.store.jdbc;

import dev.hpm.store.jdbc.HistoryQueries.Range;
import dev.hpm.store.jdbc.HistoryRollups.Resolution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** Which source answers which buckets of a history query: the roll-ups (docs/history.md), else the raw rows. */
final class ResolutionPlan {
    private ResolutionPlan() {
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
