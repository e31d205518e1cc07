package dev.hpm.core.dwm;

import dev.hpm.core.cpu.CfsProjection;
import dev.hpm.core.cpu.ResponseTimeModel;
import dev.hpm.core.measure.Velocity;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Goal;

import java.util.Arrays;
import java.util.List;

/**
 * The goal projection of one planning interval's {@link PoolState}: a host as CFS would divide it
 * ({@link CfsProjection}) with a server added or removed, and the PIs of its goal work. A velocity
 * class's PI is its goal ÷ its projected velocity; a response-time class's is its measured PI
 * carried to the projected CPU by the CPU manager's CPU-stretch model ({@link ResponseTimeModel}),
 * whose base, each server's CPU in the view's placement, is projected once when the state is
 * built; a response-time server without a PI of its own takes its class's ({@link PoolView#piOf}). Not thread-safe; one per state.
 */
final class GoalProjection {
    private final PoolState state;
    private final CfsProjection cfs = new CfsProjection();
    /** Each server's projected CPU in the view's placement ({@link #allocationsNow}). */
    private final double[] allocationNow;

    GoalProjection(PoolState state) {
        this.state = state;
        this.allocationNow = allocationsNow();
    }

    /** The worst projected PI of {@link PoolState#worstPi} and the class it belongs to (null when there is none). */
    record Worst(double pi, ClassInfo serviceClass) {
    }

    /**
     * {@link PoolState#worstPi} with its class. A velocity class's PI is its goal ÷ its projected velocity;
     * a response-time class's is its measured PI carried to the projected CPU by the CPU manager's
     * CPU-stretch model ({@link ResponseTimeModel}: PI × CPU it gets where it runs now ÷ CPU
     * projected); a response-time server with too few completions for a PI of its own is judged by
     * its class's PI over the pool ({@link PoolView#piOf}), as the CPU manager does on a host, and
     * only a server without either is not judged.
     */
    Worst worst(int h, int plus, int minus, ClassInfo from) {
        int[] who = new int[state.members.get(h).size() + 1];
        double[] alloc = allocate(h, plus, minus, who);
        double worst = 0;
        ClassInfo worstClass = null;
        for (int i = 0; i < alloc.length; i++) {
            int s = who[i];
            ClassInfo c = state.servers[s].serviceClass();
            if (c.isDiscretionary() || state.demand[s] <= 0 || (from != null && c.importanceOrder() > from.importanceOrder())) {
                continue;
            }
            double pi = c.goal() instanceof Goal.ResponseTime
                    ? ResponseTimeModel.projectedPi(state.pi[s], allocationNow[s], alloc[i])
                    : Velocity.pi(c, 100 * alloc[i] / state.demand[s]);
            if (pi > worst) {
                worst = pi;
                worstClass = c;
            }
        }
        return new Worst(worst, worstClass);
    }

    /**
     * The CFS projection of host {@code h} with {@code plus} added and {@code minus} removed: the
     * allocation of each server, whose indices are written to {@code who} in the same order.
     */
    private double[] allocate(int h, int plus, int minus, int[] who) {
        List<Integer> on = state.members.get(h);
        int n = on.size() + (plus >= 0 ? 1 : 0);
        double[] w = new double[n];
        double[] b = new double[n];
        int k = 0;
        double total = 0;
        double per = state.perCpu(h);
        for (int i = 0; i <= on.size(); i++) {
            int s = i < on.size() ? on.get(i) : plus;
            if (s < 0 || s == minus) {
                continue;
            }
            who[k] = s;
            w[k] = Math.max(state.servers[s].shares(), 1);
            b[k] = Math.min(state.demand[s], state.servers[s].vcpus() * per);
            total += b[k];
            k++;
        }
        return total <= state.hosts[h].capacity() ? Arrays.copyOf(b, k)
                : cfs.allocate(state.hosts[h].capacity(), Arrays.copyOf(w, k), Arrays.copyOf(b, k));
    }

    /**
     * Each server's projected CPU where the view has it (NaN for none), the base of the
     * response-time model; projected only for hosts with a response-time server that has a PI.
     */
    private double[] allocationsNow() {
        double[] now = new double[state.servers.length];
        Arrays.fill(now, Double.NaN);
        int[] who = new int[state.servers.length + 1];
        for (int h = 0; h < state.hosts.length; h++) {
            boolean timed = false;
            for (int s : state.members.get(h)) {
                timed |= state.servers[s].serviceClass().goal() instanceof Goal.ResponseTime && !Double.isNaN(state.pi[s]);
            }
            if (timed) {
                double[] alloc = allocate(h, -1, -1, who);
                for (int i = 0; i < alloc.length; i++) {
                    now[who[i]] = alloc[i];
                }
            }
        }
        return now;
    }
}
