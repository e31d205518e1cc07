package dev.hpm.core.cpu;

import dev.hpm.core.measure.Velocity;

/**
 * The CPU-stretch model of a response-time goal (docs/cpu-manager.md, "Response-time goals"), the
 * one home of it for the CPU manager's {@link Projection} and the DWM planner's goal projection
 * (docs/dwm.md). A request's time in a server is the CPU it needs stretched by how long its
 * runnable vCPUs wait for a CPU; the model takes the whole response time to be of that kind, so it
 * scales with the CPU the server gets, and so does its PI:
 * {@code PI' = PI · a(now) ÷ a(projected)}, where both allocations come from the same CFS
 * water-filling ({@link CfsProjection}) so that the model reproduces the measured PI where nothing
 * changes. More CPU for a contended server lowers its PI; a server that already gets its whole
 * demand gains nothing. It overstates the gain of a server whose response time is partly I/O.
 *
 * <p>The load-balancing weights ask it the other way round ({@link #trafficAtGoal}, docs/workload-balancing.md):
 * how much more traffic a server can take before its PI reaches 1. More traffic is more demand at the
 * same CPU per request, so the model is applied per unit of demand: at {@code k} times the traffic the
 * server wants {@code k·d} and gets {@code min(k·d, aMax)}, and its PI is
 * {@code projectedPi(PI, a/d, min(k·d, aMax)/(k·d))}.
 */
public final class ResponseTimeModel {
    private ResponseTimeModel() {
    }

    /**
     * The projected PI of a server measured at {@code pi} while the model gave it
     * {@code allocationNow} CPUs, if it got {@code allocationProjected}: at most
     * {@link Velocity#MAX_PI}, and {@link Velocity#MAX_PI} for no CPU; NaN if {@code pi} is.
     */
    public static double projectedPi(double pi, double allocationNow, double allocationProjected) {
        if (Double.isNaN(pi)) {
            return Double.NaN;
        }
        return allocationProjected > 0 ? Math.min(Velocity.MAX_PI, pi * allocationNow / allocationProjected) : Velocity.MAX_PI;
    }

    /**
     * The model the other way round: the CPUs with which a server measured at {@code pi} while the model
     * gave it {@code allocationNow} reaches {@code targetPi} ({@code projectedPi(pi, allocationNow, a) = targetPi});
     * NaN without a PI or without CPU.
     */
    public static double allocationFor(double pi, double allocationNow, double targetPi) {
        return pi > 0 && allocationNow > 0 ? allocationNow * pi / targetPi : Double.NaN;
    }

    /**
     * The factor of its current traffic at which a server's projected PI reaches 1: {@code k} with
     * {@code projectedPi(pi, allocationNow / demand, min(k·demand, allocationMax) / (k·demand)) = 1}.
     * While more traffic still gets the CPU it asks for, its requests are stretched as little as
     * now's uncontended ones ({@code PI · a/d}); beyond {@code allocationMax} each further request
     * stretches all of them, and the PI grows with {@code k}. So
     * {@code k = allocationMax ÷ (PI · allocationNow)}, or 0 when even uncontended its PI would be
     * 1 or more (its response time has another cause: no traffic keeps it on goal).
     *
     * @param pi             its measured PI (NaN: none, and so is the answer)
     * @param allocationNow  the CPUs it got this interval
     * @param demand         the CPUs it wanted (got plus waited for)
     * @param allocationMax  the most CPUs it could get on its host: what it got plus the host's spare CPUs,
     *                       at most its vCPUs or cap
     * @return the factor, 0 or more; NaN without a PI or without CPU measured
     */
    public static double trafficAtGoal(double pi, double allocationNow, double demand, double allocationMax) {
        if (Double.isNaN(pi) || !(allocationNow > 0) || !(demand > 0) || Double.isNaN(allocationMax)) {
            return Double.NaN;
        }
        double uncontended = projectedPi(pi, allocationNow / demand, 1);
        if (uncontended >= 1) {
            return 0;
        }
        return Math.max(allocationMax, allocationNow) / (pi * allocationNow);
    }
}
