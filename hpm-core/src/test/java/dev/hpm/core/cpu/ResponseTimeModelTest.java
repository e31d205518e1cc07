package dev.hpm.core.cpu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The CPU-stretch model of a response-time goal (docs/cpu-manager.md, "Response-time goals"). */
class ResponseTimeModelTest {

    /** The model's PI at {@code k} times the traffic, straight from {@link ResponseTimeModel#projectedPi}. */
    static double piAt(double k, double pi, double a, double d, double max) {
        return ResponseTimeModel.projectedPi(pi, a / d, Math.min(k * d, max) / (k * d));
    }

    @Test
    void trafficAtGoal_isWhereTheProjectedPiReachesOne() {
        double k = ResponseTimeModel.trafficAtGoal(0.9, 1.9, 1.9, 2.0);
        assertThat(k).isCloseTo(2.0 / (0.9 * 1.9), offset(1e-12));
        assertThat(piAt(k, 0.9, 1.9, 1.9, 2.0)).isCloseTo(1.0, offset(1e-9));
        assertThat(piAt(0.99 * k, 0.9, 1.9, 1.9, 2.0)).isLessThan(1);
        assertThat(piAt(1.01 * k, 0.9, 1.9, 1.9, 2.0)).isGreaterThan(1);
    }

    @Test
    void trafficAtGoal_contendedServerWithCpuInReach_gainsFromItFirst() {
        // PI 1.5 while it gets 1 of the 2 CPUs it wants; with 3 in reach its requests first get the CPU they wait for
        double k = ResponseTimeModel.trafficAtGoal(1.5, 1, 2, 3);
        assertThat(k).isCloseTo(2.0, offset(1e-12));
        assertThat(piAt(k, 1.5, 1, 2, 3)).isCloseTo(1.0, offset(1e-9));
    }

    @Test
    void trafficAtGoal_missingEvenUncontended_zero() {
        assertThat(ResponseTimeModel.trafficAtGoal(2.0, 1, 1, 5)).isZero();
    }

    @Test
    void trafficAtGoal_withoutPiOrCpu_nan() {
        assertThat(ResponseTimeModel.trafficAtGoal(Double.NaN, 1, 1, 5)).isNaN();
        assertThat(ResponseTimeModel.trafficAtGoal(0.5, 0, 0, 5)).isNaN();
    }

    @Test
    void allocationFor_isTheInverseOfProjectedPi() {
        double cpus = ResponseTimeModel.allocationFor(1.8, 0.5, 0.9);
        assertThat(cpus).isCloseTo(1.0, offset(1e-12));
        assertThat(ResponseTimeModel.projectedPi(1.8, 0.5, cpus)).isCloseTo(0.9, offset(1e-12));
        assertThat(ResponseTimeModel.allocationFor(Double.NaN, 0.5, 0.9)).isNaN();
        assertThat(ResponseTimeModel.allocationFor(1.8, 0, 0.9)).isNaN();
    }
}
