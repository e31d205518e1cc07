package dev.hpm.sim.pool;

import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;

import java.util.HashMap;
import java.util.Map;

/**
 * CloudSim 3.0.3's local-regression overload detection (LR; A. Beloglazov and R. Buyya, CCPE
 * 24(13), 2012, §5.1.3; {@code PowerVmAllocationPolicyMigrationLocalRegression}, cloudsim.md §5.2).
 * Each server keeps its utilisation at every decision, most recent first, up to 30 values, and
 * keeps them when it moves. A host's history is Σ over its servers of value × server CPU ÷ host
 * CPU, its zero tail trimmed. With fewer than 10 values the fallback static threshold decides;
 * otherwise an ordinary least-squares line through the last 10 (oldest at x = 1) predicts x = 10
 * + ⌈longest migration ÷ interval⌉, and the host is overloaded if the prediction × the safety
 * parameter is at least 1. The line is fitted with the updating formulas of commons-math's
 * {@code SimpleRegression}, as CloudSim does (its LOESS weights never apply).
 */
final class LocalRegression implements OverloadTest {
    static final int HISTORY = 30;
    private static final int LENGTH = 10;
    private final double safety;
    private final double intervalSeconds;
    private final double migrationMbPerS;
    private final OverloadTest.Static fallback;
    private final Map<String, double[]> histories = new HashMap<>();
    private final Map<String, Integer> sizes = new HashMap<>();
    private double[][] serverHistory;
    private int[] serverSize;
    private double[][] hostHistory;

    LocalRegression(double safety, double intervalSeconds, double migrationMbPerS, double fallbackThreshold) {
        if (!(safety > 0)) {
            throw new IllegalArgumentException("safety parameter must be above 0, was " + safety);
        }
        this.safety = safety;
        this.intervalSeconds = intervalSeconds;
        this.migrationMbPerS = migrationMbPerS;
        this.fallback = new OverloadTest.Static(fallbackThreshold);
    }

    @Override
    public void begin(PoolView view, PabfdModel m) {
        for (PoolServer s : view.servers()) {
            double[] h = histories.computeIfAbsent(s.id(), k -> new double[HISTORY]);
            System.arraycopy(h, 0, h, 1, HISTORY - 1);
            h[0] = s.demand() / s.maxCpu();
            sizes.merge(s.id(), 1, (a, b) -> Math.min(HISTORY, a + b));
        }
        serverHistory = new double[m.servers][];
        serverSize = new int[m.servers];
        for (int s = 0; s < m.servers; s++) {
            serverHistory[s] = histories.get(m.serverId[s]);
            serverSize[s] = sizes.get(m.serverId[s]);
        }
        hostHistory = new double[m.hosts][];
        for (int h = 0; h < m.hosts; h++) {
            hostHistory[h] = sum(m, h, -1);
        }
    }

    @Override
    public void created(PabfdModel m, int h, int s) {
        add(m, hostHistory[h], h, s);
    }

    @Override
    public void destroyed(PabfdModel m, int h, int s) {
        hostHistory[h] = sum(m, h, -1);
    }

    @Override
    public boolean overloaded(PabfdModel m, int h) {
        return test(m, h, hostHistory[h], -1);
    }

    @Override
    public boolean overloadedWith(PabfdModel m, int h, int s) {
        double[] with = hostHistory[h].clone();
        add(m, with, h, s);
        return test(m, h, with, s);
    }

    @Override
    public String describe() {
        return "is predicted by local regression to exceed its CPU (safety " + safety + ")";
    }

    private boolean test(PabfdModel m, int h, double[] history, int extra) {
        int n = nonZeroLength(history);
        if (n < LENGTH) {
            return extra < 0 ? fallback.overloaded(m, h) : fallback.overloadedWith(m, h, extra);
        }
        // SimpleRegression's updating formulas, oldest of the last 10 first at x = 1
        double xbar = 0;
        double ybar = 0;
        double sumXX = 0;
        double sumXY = 0;
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < LENGTH; i++) {
            double x = i + 1;
            double y = history[LENGTH - i - 1];
            if (i == 0) {
                xbar = x;
                ybar = y;
            } else {
                double fact1 = 1.0 + i;
                double fact2 = i / (1.0 + i);
                double dx = x - xbar;
                double dy = y - ybar;
                sumXX += dx * dx * fact2;
                sumXY += dx * dy * fact2;
                xbar += dx / fact1;
                ybar += dy / fact1;
            }
            sumX += x;
            sumY += y;
        }
        double slope = sumXY / sumXX;
        double intercept = (sumY - slope * sumX) / LENGTH;
        double predicted = (intercept + slope * (LENGTH + migrationIntervals(m, h, extra))) * safety;
        return predicted >= 1;
    }

    private double migrationIntervals(PabfdModel m, int h, int extra) {
        double longest = 0;
        for (int i = 0; i < m.vms[h].size(); i++) {
            longest = Math.max(longest, m.ram[m.vms[h].get(i)] / migrationMbPerS);
        }
        if (extra >= 0) {
            longest = Math.max(longest, m.ram[extra] / migrationMbPerS);
        }
        return Math.ceil(longest / intervalSeconds);
    }

    private double[] sum(PabfdModel m, int h, int extra) {
        double[] out = new double[HISTORY];
        for (int i = 0; i < m.vms[h].size(); i++) {
            add(m, out, h, m.vms[h].get(i));
        }
        if (extra >= 0) {
            add(m, out, h, extra);
        }
        return out;
    }

    private void add(PabfdModel m, double[] into, int h, int s) {
        double[] hist = serverHistory[s];
        double weight = m.maxCpu[s] / m.cap[h];
        for (int i = 0; i < serverSize[s]; i++) {
            into[i] += hist[i] * weight;
        }
    }

    /** CloudSim's trimZeroTail: up to the last non-zero value. */
    static int nonZeroLength(double[] data) {
        int i = data.length - 1;
        while (i >= 0 && data[i] == 0) {
            i--;
        }
        return i + 1;
    }
}
