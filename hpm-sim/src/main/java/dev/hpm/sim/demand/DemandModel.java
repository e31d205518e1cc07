package dev.hpm.sim.demand;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How many CPUs a simulated virtual server wants to use at each moment (before its vCPUs, its cap
 * and the other servers limit it). Models are asked in increasing time, once per tick;
 * random models draw from their own seeded generator, so a run is deterministic for a seed.
 */
public sealed interface DemandModel {

    /** The CPUs wanted at simulated time {@code nanos}. */
    double cpus(long nanos);

    /** Instants at which the model changes abruptly (scenario disturbances). */
    default List<Long> changePoints() {
        return List.of();
    }

    /** Always the same demand. */
    record Constant(double level) implements DemandModel {
        @Override
        public double cpus(long nanos) {
            return level;
        }
    }

    /** Piecewise constant: each step's level holds from its time until the next step. */
    record Step(List<Long> at, List<Double> levels) implements DemandModel {
        public Step {
            at = List.copyOf(at);
            levels = List.copyOf(levels);
        }

        @Override
        public double cpus(long nanos) {
            double level = 0;
            for (int i = 0; i < at.size() && at.get(i) <= nanos; i++) {
                level = levels.get(i);
            }
            return level;
        }

        @Override
        public List<Long> changePoints() {
            return at.stream().filter(t -> t > 0).toList();
        }
    }

    /** A diurnal-style wave: mean + amplitude · sin(2π (t / period + phase)), never below 0. */
    record Sine(double mean, double amplitude, long periodNanos, double phase) implements DemandModel {
        @Override
        public double cpus(long nanos) {
            return Math.max(0, mean + amplitude * Math.sin(2 * Math.PI * ((double) nanos / periodNanos + phase)));
        }
    }

    /**
     * A base level with bursts to a peak; gaps between bursts and burst lengths are exponentially
     * distributed around their means.
     */
    final class Bursts implements DemandModel {
        private final double base;
        private final double peak;
        private final double meanGapNanos;
        private final double meanLengthNanos;
        private final SplittableRandom random;
        private long nextStart;
        private long nextEnd;

        public Bursts(double base, double peak, long meanGapNanos, long meanLengthNanos, long seed) {
            this.base = base;
            this.peak = peak;
            this.meanGapNanos = meanGapNanos;
            this.meanLengthNanos = meanLengthNanos;
            this.random = new SplittableRandom(seed);
            this.nextStart = exponential(meanGapNanos);
            this.nextEnd = nextStart + exponential(meanLengthNanos);
        }

        private long exponential(double mean) {
            return (long) (-mean * Math.log(1 - random.nextDouble()));
        }

        @Override
        public double cpus(long nanos) {
            while (nanos >= nextEnd) {
                nextStart = nextEnd + exponential(meanGapNanos);
                nextEnd = nextStart + Math.max(1, exponential(meanLengthNanos));
            }
            return nanos >= nextStart ? peak : base;
        }
    }

    /** A seeded random walk: each {@code stepNanos} the level moves by a normal step, kept within [min, max]. */
    final class RandomWalk implements DemandModel {
        private final double sigma;
        private final double min;
        private final double max;
        private final long stepNanos;
        private final SplittableRandom random;
        private double level;
        private long nextStep;

        public RandomWalk(double start, double sigma, double min, double max, long stepNanos, long seed) {
            this.level = start;
            this.sigma = sigma;
            this.min = min;
            this.max = max;
            this.stepNanos = stepNanos;
            this.random = new SplittableRandom(seed);
            this.nextStep = stepNanos;
        }

        @Override
        public double cpus(long nanos) {
            while (nanos >= nextStep) {
                level = Math.clamp(level + sigma * gaussian(), min, max);
                nextStep += stepNanos;
            }
            return level;
        }

        private double gaussian() {
            // Box–Muller; SplittableRandom has no nextGaussian of its own state
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
    }

    /**
     * Replays a utilisation trace: sample {@code i} (percent) holds for one sample period;
     * demand = percent / 100 · {@code cpusAtFull}. After the last sample the trace starts over.
     */
    record Trace(String source, double[] percent, long samplePeriodNanos, double cpusAtFull, int offset)
            implements DemandModel {
        @Override
        public double cpus(long nanos) {
            int i = (int) ((nanos / samplePeriodNanos + offset) % percent.length);
            return percent[i] / 100.0 * cpusAtFull;
        }
    }
}
