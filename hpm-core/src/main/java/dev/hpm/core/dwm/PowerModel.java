package dev.hpm.core.dwm;

import java.util.Arrays;

/**
 * Power a host draws as a function of its CPU utilisation, from a table of watts at 0 %, 10 %, …,
 * 100 % with linear interpolation between the steps, as the SPECpower_ssj2008 results are
 * published and as CloudSim's {@code PowerModelSpecPower} uses them (A. Beloglazov and R. Buyya,
 * "Optimal online deterministic algorithms and adaptive heuristics for energy and performance
 * efficient dynamic consolidation of virtual machines in cloud data centers", CCPE 24(13), 2012).
 * A host that is off draws nothing; that is the caller's concern, not the model's.
 *
 * @param watts eleven values, non-decreasing is not required
 */
public record PowerModel(double[] watts) {
    /** HP ProLiant ML110 G4 (Xeon 3040), the SPECpower table CloudSim ships. */
    public static final PowerModel HP_PROLIANT_ML110_G4 =
            new PowerModel(new double[]{86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117});
    /** HP ProLiant ML110 G5 (Xeon 3075). */
    public static final PowerModel HP_PROLIANT_ML110_G5 =
            new PowerModel(new double[]{93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135});

    public PowerModel {
        if (watts.length != 11) {
            throw new IllegalArgumentException("a power table has 11 values (0 %, 10 %, … 100 %), had " + watts.length);
        }
        watts = watts.clone();
    }

    /** A model linear from {@code idle} watts at 0 % to {@code max} watts at 100 %. */
    public static PowerModel linear(double idle, double max) {
        double[] w = new double[11];
        for (int i = 0; i <= 10; i++) {
            w[i] = idle + (max - idle) * i / 10.0;
        }
        return new PowerModel(w);
    }

    /** Watts at utilisation {@code u}, clamped to [0, 1]. */
    public double watts(double u) {
        double x = Math.clamp(u, 0.0, 1.0) * 10.0;
        int lo = (int) Math.floor(x);
        if (lo >= 10) {
            return watts[10];
        }
        return watts[lo] + (watts[lo + 1] - watts[lo]) * (x - lo);
    }

    public double idleWatts() {
        return watts[0];
    }

    public double maxWatts() {
        return watts[10];
    }

    @Override
    public double[] watts() {
        return watts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PowerModel p && Arrays.equals(watts, p.watts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(watts);
    }

    @Override
    public String toString() {
        return "PowerModel" + Arrays.toString(watts);
    }
}
