package dev.hpm.core.cpu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CfsProjectionTest {
    private final CfsProjection cfs = new CfsProjection();

    @Test
    void allocate_noContention_everyoneGetsItsDemand() {
        double[] a = cfs.allocate(4, new double[]{1024, 1024}, new double[]{1, 2});
        assertThat(a).containsExactly(new double[]{1, 2}, within(1e-12));
    }

    @Test
    void allocate_equalSharesAllHungry_splitsEvenly() {
        double[] a = cfs.allocate(4, new double[]{1024, 1024, 1024, 1024, 1024, 1024},
                new double[]{2, 2, 2, 2, 2, 2});
        for (double x : a) {
            assertThat(x).isCloseTo(4.0 / 6, within(1e-12));
        }
    }

    @Test
    void allocate_smallDemand_isSatisfied_restSplitByWeight() {
        // 4 CPUs; A wants 0.5 and is satisfied; B (2048) and C (1024) share 3.5 in 2:1
        double[] a = cfs.allocate(4, new double[]{1024, 2048, 1024}, new double[]{0.5, 4, 4});
        assertThat(a).containsExactly(new double[]{0.5, 3.5 * 2 / 3, 3.5 / 3}, within(1e-12));
    }

    @Test
    void allocate_vcpuBound_leftoverGoesToOthers() {
        // B has 4 times A's weight but only one vCPU: it takes 1, A gets the other 1 of 2 CPUs
        double[] a = cfs.allocate(2, new double[]{1024, 4096}, new double[]{2, 1});
        assertThat(a).containsExactly(new double[]{1, 1}, within(1e-12));
    }

    @Test
    void allocate_cascadingSaturation() {
        // 3 CPUs, weights 1:2:3. Level 3/6 = 0.5 per weight: A (bound 0.2) is satisfied. Level 2.8/5 = 0.56:
        // B (bound 1 = 0.5 per weight) is satisfied. C gets the remaining 1.8, below its bound 2.
        double[] a = cfs.allocate(3, new double[]{1, 2, 3}, new double[]{0.2, 1, 2});
        assertThat(a).containsExactly(new double[]{0.2, 1, 1.8}, within(1e-12));
    }

    @Test
    void allocate_conservesCapacityUnderContention() {
        double[] w = {16, 300, 5000, 1024, 77, 10000};
        double[] b = {3, 0.1, 2, 1.5, 4, 0.7};
        double[] a = cfs.allocate(5, w, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isBetween(0.0, b[i] + 1e-12);
            sum += a[i];
        }
        assertThat(sum).isCloseTo(5, within(1e-9));
    }

    @Test
    void allocate_zeroBound_getsNothing() {
        double[] a = cfs.allocate(1, new double[]{1024, 1024}, new double[]{0, 5});
        assertThat(a).containsExactly(new double[]{0, 1}, within(1e-12));
    }
}
