package dev.hpm.core.cpu;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Importance;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.hpm.core.cpu.Views.cls;
import static org.assertj.core.api.Assertions.assertThat;

/** Which servers of a re-plan keep their shares ({@link ShareKeeper}), judged by the CPU CFS then gives. */
class ShareKeeperTest {
    static final ClassInfo GOLD = cls("gold", Importance.HIGHEST, 70);
    static final ClassInfo BRONZE = cls("bronze", Importance.LOW, 30);

    /** 4 CPUs: small-1 wants 0.2, big-1 and big-2 want 3 each; all at {@code shares}. */
    private static Projection host(long small, long big1, long big2) {
        HostView view = new Views(4).vs("small-1", GOLD, 2, small, 0.2)
                .vs("big-1", BRONZE, 4, big1, 3).vs("big-2", BRONZE, 4, big2, 3).build();
        double[] caps = new double[3];
        Arrays.fill(caps, Double.POSITIVE_INFINITY);
        return new Projection(view, caps);
    }

    private static final boolean[] NO_UNDOES = new boolean[3];
    private static final int[] ORDERS = {0, 3, 3};

    @Test
    void keep_serverSatisfiedUnderBothShares_keepsItsSharesBeforeAnyRun() {
        // small-1 gets its 0.2 CPUs at 1024 shares and at the planned 3000 alike: its weight changes
        // nobody's CPU, so it keeps 1024, though it is offered last (the least important) and the three big
        // servers, each assured what the plan gives it (1.27 CPUs), use up the runs without keeping
        HostView view = new Views(4).vs("small-1", BRONZE, 2, 1024, 0.2)
                .vs("big-1", GOLD, 4, 1024, 3).vs("big-2", GOLD, 4, 1024, 3).vs("big-3", GOLD, 4, 1024, 3).build();
        double[] caps = new double[4];
        Arrays.fill(caps, Double.POSITIVE_INFINITY);
        Projection p = new Projection(view, caps);
        double[] assured = {0.2, 1.25, 1.25, 1.25};

        long[] kept = new ShareKeeper(p, assured).keep(new long[]{3000, 1100, 1100, 1100}, new boolean[4], new int[]{4, 0, 0, 0});

        assertThat(kept).containsExactly(1024, 1100, 1100, 1100);
        assertThat(ShareKeeper.RUNS).isEqualTo(3);
    }

    @Test
    void keep_serverTheOthersPromisesNeedChanged_changes() {
        // big-1 must rise from 400 to be given its 1.8: kept at 400 beside big-2's 924 it would get
        // 3.8 × 400 / 1324 = 1.15 CPUs. big-2 can keep its 1024 beside big-1's 1300 (1.67 CPUs, assured 1.5)
        Projection p = host(1024, 400, 1024);
        double[] assured = {0.2, 1.8, 1.5};

        long[] kept = new ShareKeeper(p, assured).keep(new long[]{1024, 1300, 1024 - 100}, NO_UNDOES, ORDERS);

        assertThat(kept[1]).isEqualTo(1300);
        assertThat(kept[2]).isEqualTo(1024);
    }

    @Test
    void keep_planItselfFallsShortOfAPromise_isThePlanAsItIs() {
        // big-1 is assured 2.5 CPUs, which even the planned shares do not give: nothing is kept, the plan
        // is applied as it is, to be reached in the next intervals
        Projection p = host(1024, 1024, 1024);
        long[] planned = {3000, 1500, 1400};

        assertThat(new ShareKeeper(p, new double[]{0.2, 2.5, 1.5}).keep(planned, NO_UNDOES, ORDERS)).containsExactly(planned);
    }

    @Test
    void keep_everyServerCouldKeepItsShares_oneStillChanges() {
        // nothing is assured beyond small-1's 0.2: every server could stay, but keeping all is no change
        Projection p = host(1024, 1024, 1024);

        long[] kept = new ShareKeeper(p, new double[]{0.2, 0, 0}).keep(new long[]{3000, 1500, 1400}, NO_UNDOES, ORDERS);

        assertThat(Arrays.stream(kept).filter(s -> s != 1024).count()).isEqualTo(1);
    }

    @Test
    void keep_ofTwoServersOneMayKeep_theOneWhoseChangeWouldUndoItsLastKeeps() {
        // the plan lowers big-1 from 1400 to 1300 (−7 %) and big-2 to 1100 (−21 %); either can keep its
        // shares with the other at its plan (each still gets more than its assured 1.6 CPUs), and keeping
        // both would be no change. By size big-1 keeps; big-2's change marked as an undo, big-2 keeps
        Projection p = host(1024, 1400, 1400);
        double[] assured = {0.2, 1.6, 1.6};
        long[] planned = {1024, 1300, 1100};

        long[] bySize = new ShareKeeper(p, assured).keep(planned, NO_UNDOES, ORDERS);
        long[] undoFirst = new ShareKeeper(p, assured).keep(planned, new boolean[]{false, false, true}, ORDERS);

        assertThat(bySize).containsExactly(1024, 1400, 1100);
        assertThat(undoFirst).containsExactly(1024, 1300, 1400);
    }
}
