package dev.hpm.sim.pool;

import dev.hpm.core.dwm.PoolView;

/**
 * CloudSim's host overload detection, as used by its MMT policies (A. Beloglazov and R. Buyya,
 * CCPE 24(13), 2012, §5.1): applied to a host of a {@link PabfdModel} as its server list
 * stands, and to the host with one more server (PABFD's "not overloaded after allocation").
 */
interface OverloadTest {
    /** Once per plan, before any test: learn from the view (histories). */
    default void begin(PoolView view, PabfdModel m) {
    }

    boolean overloaded(PabfdModel m, int h);

    /** Whether host {@code h} would be overloaded with server {@code s} added. */
    boolean overloadedWith(PabfdModel m, int h, int s);

    /** Server {@code s} was added to host {@code h}'s list (at its end). */
    default void created(PabfdModel m, int h, int s) {
    }

    /** Server {@code s} was removed from host {@code h}'s list. */
    default void destroyed(PabfdModel m, int h, int s) {
    }

    /** For reasons: what overloaded means. */
    String describe();

    /** THR: requested CPU ÷ capacity above the threshold (strictly). */
    record Static(double threshold) implements OverloadTest {
        public Static {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
            }
        }

        @Override
        public boolean overloaded(PabfdModel m, int h) {
            return m.sumReq[h] / m.cap[h] > threshold;
        }

        @Override
        public boolean overloadedWith(PabfdModel m, int h, int s) {
            return (m.sumReq[h] + m.req[s]) / m.cap[h] > threshold;
        }

        @Override
        public String describe() {
            return "requests more than " + Math.round(threshold * 1000) / 10.0 + " % of its CPU";
        }
    }
}
