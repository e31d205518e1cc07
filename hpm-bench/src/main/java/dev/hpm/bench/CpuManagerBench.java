package dev.hpm.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One interval of the production per-host loop (decode the bulk statistics, measure, classify,
 * decide) for a whole fleet, single-threaded: {@code interval} with the CPU manager deciding,
 * {@code intervalPlan} with its plan strategy, {@code measurementOnly} with a policy that decides
 * nothing, the baseline of the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CpuManagerBench {
    /** hosts × servers per host. */
    @Param({"1x1000", "1000x50"})
    public String fleet;

    private Fleet built;

    @Setup
    public void build() {
        String[] shape = fleet.split("x");
        built = new Fleet(Integer.parseInt(shape[0]), Integer.parseInt(shape[1]), 42);
    }

    @Benchmark
    public int interval() {
        return Fleet.interval(built.managed);
    }

    @Benchmark
    public int intervalPlan() {
        return Fleet.interval(built.planned);
    }

    @Benchmark
    public int measurementOnly() {
        return Fleet.interval(built.measuredOnly);
    }
}
