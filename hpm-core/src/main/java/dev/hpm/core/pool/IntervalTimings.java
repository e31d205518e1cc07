package dev.hpm.core.pool;

/**
 * How long the {@link PoolRunner}'s intervals took, on its injected clock: the hosts' part (every
 * host measures its servers and its CPU manager decides; in {@code hpm serve} each host on its own
 * thread, so this is the slowest host's time) and the pool step's part (in {@code hpm serve}: the
 * interval written to the store, then the server pools' DWM), for the last interval and over the
 * last {@link #window()} intervals. On simulated time (the simulator's {@code SimClock}) every
 * figure is 0: simulated time does not move while an interval runs.
 *
 * @param interval the number of the last interval timed (0: none yet); its figures are the
 *                 {@link Phase#lastNanos()}
 * @param window   how many intervals, the last included, {@link Phase#maxNanos()} and
 *                 {@link Phase#meanNanos()} are over (at most {@link Window#SIZE})
 * @param hosts    every host's interval, from the first host started to the last one finished
 * @param step     the pool step after the hosts
 * @param total    both: the interval's whole work
 */
public record IntervalTimings(long interval, int window, Phase hosts, Phase step, Phase total) {
    /** Before the first interval. */
    public static final IntervalTimings NONE = new IntervalTimings(0, 0, Phase.NONE, Phase.NONE, Phase.NONE);

    public IntervalTimings {
        if (interval < 0 || window < 0) {
            throw new IllegalArgumentException("interval and window must not be negative, were " + interval + " and " + window);
        }
    }

    /** No interval was timed yet. */
    public boolean isEmpty() {
        return interval == 0;
    }

    /** One phase's time: in the last interval, and the maximum and mean over the window, in nanoseconds. */
    public record Phase(long lastNanos, long maxNanos, double meanNanos) {
        public static final Phase NONE = new Phase(0, 0, 0);
    }

    /**
     * The last {@value #SIZE} intervals' times, from which each {@link IntervalTimings} is made; not
     * thread-safe (the runner's intervals never overlap, and it publishes each result).
     */
    static final class Window {
        static final int SIZE = 60;
        private final long[] hosts = new long[SIZE];
        private final long[] step = new long[SIZE];
        private int count;
        private int next;

        /** Adds interval {@code interval}'s times and returns the figures with it. */
        IntervalTimings add(long interval, long hostsNanos, long stepNanos) {
            hosts[next] = Math.max(0, hostsNanos);
            step[next] = Math.max(0, stepNanos);
            next = (next + 1) % SIZE;
            count = Math.min(SIZE, count + 1);
            int last = (next + SIZE - 1) % SIZE;
            long[] total = new long[SIZE];
            for (int i = 0; i < SIZE; i++) {
                total[i] = hosts[i] + step[i];
            }
            return new IntervalTimings(interval, count, phase(hosts, last), phase(step, last), phase(total, last));
        }

        private Phase phase(long[] values, int last) {
            long max = 0;
            double sum = 0;
            for (int i = 0; i < count; i++) { // the filled slots are 0 … count-1 until the ring wraps, then all
                max = Math.max(max, values[i]);
                sum += values[i];
            }
            return new Phase(values[last], max, sum / count);
        }
    }
}
