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
}
