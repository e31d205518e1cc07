package dev.hpm.sim.pool;

import java.util.function.LongToDoubleFunction;

/**
 * A server's CPU request replayed from a utilisation trace as CloudSim's
 * {@code UtilizationModelPlanetLabInMemory} replays it: at a whole sample instant the sample
 * itself, between two samples linearly interpolated, and after the last sample the last value.
 *
 * @param percent      the samples, percent of {@code maxCpu}
 * @param periodNanos  time between samples
 * @param maxCpu       CPU units at 100 %
 */
public record TraceDemand(double[] percent, long periodNanos, double maxCpu) implements LongToDoubleFunction {
    public TraceDemand {
        if (percent.length == 0) {
            throw new IllegalArgumentException("a trace needs at least one sample");
        }
        percent = percent.clone();
    }

    /** Utilisation (0…1) at {@code nanos}. */
    public double utilisation(long nanos) {
        long k = nanos / periodNanos;
        long rem = nanos % periodNanos;
        double u1 = sample(k);
        if (rem == 0) {
            return u1;
        }
        double u2 = sample(k + 1);
        return u1 + (u2 - u1) * ((double) rem / periodNanos);
    }

    /** CPU units requested at {@code nanos}. */
    @Override
    public double applyAsDouble(long nanos) {
        return utilisation(nanos) * maxCpu;
    }

    private double sample(long k) {
        return percent[(int) Math.min(k, percent.length - 1)] / 100.0;
    }
}
