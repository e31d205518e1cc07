package dev.hpm.sim.host;

import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.sim.demand.DemandModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The simulator's CFS model against allocations worked out by hand. */
class CfsSchedulerTest {
    static SimDomain domain(String name, int vcpus, long shares) {
        return new SimDomain(name, name, vcpus, 1024, new DemandModel.Constant(0), shares);
    }

    static double[] allocate(double cpus, List<SimDomain> domains, double... wanted) {
        double[] a = new double[domains.size()];
        CfsScheduler.exact().allocate(cpus, domains, wanted, a);
        return a;
    }

    @Test
    void allocate_equalSharesAllHungry_splitEvenly() {
        // 4 CPUs, 3 domains of 2 vCPUs each wanting 2: 4/3 each
        List<SimDomain> d = List.of(domain("a", 2, 1024), domain("b", 2, 1024), domain("c", 2, 1024));
        assertThat(allocate(4, d, 2, 2, 2)).containsExactly(new double[]{4 / 3.0, 4 / 3.0, 4 / 3.0}, within(1e-9));
    }

    @Test
    void allocate_sharesTwoToOne_splitTwoToOne() {
        // 3 CPUs; a (2048) and b (1024) each want 3: a gets 2, b gets 1
        List<SimDomain> d = List.of(domain("a", 4, 2048), domain("b", 4, 1024));
        assertThat(allocate(3, d, 3, 3)).containsExactly(new double[]{2, 1}, within(1e-9));
    }

    @Test
    void allocate_modestDemandIsMet_restGoesToTheHungry() {
        // 4 CPUs: a wants 0.5 (below its fair share 4/3) and gets it; b and c share 3.5 equally
        List<SimDomain> d = List.of(domain("a", 1, 1024), domain("b", 2, 1024), domain("c", 2, 1024));
        assertThat(allocate(4, d, 0.5, 2, 2)).containsExactly(new double[]{0.5, 1.75, 1.75}, within(1e-9));
    }

    @Test
    void allocate_highSharesCannotExceedOneCpuPerVcpu() {
        // 2 CPUs; a has 8× the shares but wants (and can use) only its single vCPU; b takes the other CPU
        List<SimDomain> d = List.of(domain("a", 1, 8192), domain("b", 2, 1024));
        assertThat(allocate(2, d, 1, 2)).containsExactly(new double[]{1, 1}, within(1e-9));
    }

    @Test
    void allocate_capLimitsAndFreesCpuForOthers() {
        // 2 CPUs; a capped at 0.5 CPUs by global_quota 50 ms per 100 ms
        SimDomain a = domain("a", 2, 1024);
        a.scheduler(a.scheduler().with(SchedulerUpdate.sharesAndCap(1024, 0.5)));
        List<SimDomain> d = List.of(a, domain("b", 2, 1024));
        assertThat(allocate(2, d, 2, 2)).containsExactly(new double[]{0.5, 1.5}, within(1e-9));
    }

    @Test
    void allocate_threeLevelsOfSaturation() {
        // 3 CPUs, shares 1:2:3, wants 0.2/1/2: a satisfied at 0.2, then b at 1, c takes the remaining 1.8
        List<SimDomain> d = List.of(domain("a", 1, 1000), domain("b", 1, 2000), domain("c", 2, 3000));
        assertThat(allocate(3, d, 0.2, 1, 2)).containsExactly(new double[]{0.2, 1, 1.8}, within(1e-9));
    }

    @Test
    void allocate_noiseKeepsTheTotalAndStaysNearTheFairShare() {
        List<SimDomain> d = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            d.add(domain("d" + i, 2, 1024));
        }
        CfsScheduler noisy = new CfsScheduler(0.05, 7);
        double[] a = new double[5];
        noisy.allocate(4, d, new double[]{2, 2, 2, 2, 2}, a);
        double sum = 0;
        for (double x : a) {
            assertThat(x).isBetween(0.8 * 0.95 - 1e-9, 0.8 * 1.05 + 1e-9);
            sum += x;
        }
        assertThat(sum).isCloseTo(4, within(1e-9));
    }
}
