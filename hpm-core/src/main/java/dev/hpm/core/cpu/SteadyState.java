package dev.hpm.core.cpu;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Importance;

/**
 * The steady-state test of the CPU manager (docs/cpu-manager.md, "Steady state"): within
 * {@link CpuManagerSettings#steadyIntervals()} intervals of a rise, a server's shares do not fall
 * again unless its class's PI has left the band around its goal on the other side, that is, unless
 * the class beats its goal by the band ({@code PI ≤ targetPi − reversalBand}). The other direction
 * needs no test of its own: shares just lowered rise again only for a receiver, a class whose PI is
 * above 1, which is the band's upper edge. Between the two edges a PI that wanders about the goal,
 * as measured PIs do from interval to interval, leaves the shares where they are.
 *
 * <p>One exception keeps importance first: a receiver of the highest importance may take from less
 * important work whatever its share history, so the test never holds the most important work back.
 *
 * <p>This is the hysteresis of a two-threshold controller; z/OS WLM's policy adjustment likewise
 * leaves a class alone while its PI stays near its goal and does not take back from a receiver it
 * has just helped (J. Aman, C. K. Eilert, D. Emmes, P. Yocom, D. Dillenberger, "Adaptive algorithms
 * for managing a distributed data processing workload", IBM Systems Journal 36(2), 1997). Without
 * it, a class helped to PI 0.9 is a donor again at the first quiet interval and a receiver at the
 * next busy one, and its shares swing each time.
 */
public final class SteadyState {
    private SteadyState() {
    }

    /**
     * Whether a server may donate (its shares fall) to {@code receiver} this interval.
     *
     * @param classPi the worst-server PI of the server's class
     */
    public static boolean mayLower(VsView server, double classPi, ClassInfo receiver, ShareLedger ledger,
                                   long interval, CpuManagerSettings settings) {
        ClassInfo own = server.serviceClass();
        return own.isDiscretionary()
                || !ledger.raisedWithin(server.uuid(), interval, settings.steadyIntervals())
                || classPi <= settings.targetPi() - settings.reversalBand()
                || receiver.importance() == Importance.HIGHEST && receiver.outranks(own);
    }
}
