package dev.hpm.sim.pool;

/**
 * CloudSim 3.0.3's placement of the servers at t = 0 (cloudsim.md §4.6): PABFD for each server in
 * id order, not sorted. A server being created requests its full CPU, the ones already placed
 * request nothing in the overload test but hold their full CPU as allocated, and every host's
 * power is still its idle power, so every host gets a server of a kind it can take before any
 * gets a second of that kind.
 */
public final class InitialPlacement {
    private InitialPlacement() {
    }

    /** Places every server of {@code pool}; throws if one fits nowhere. */
    public static void cloudSim(SimPool pool, double threshold) {
        int nh = pool.hostCount();
        double[] allocated = new double[nh];
        double[] available = new double[nh];
        for (int h = 0; h < nh; h++) {
            available[h] = pool.hosts[h].capacity();
        }
        for (int s = 0; s < pool.serverCount(); s++) {
            SimPool.ServerSpec spec = pool.servers[s];
            double r = spec.maxCpu();
            double perVcpu = r / spec.vcpus();
            double minPower = Double.MAX_VALUE;
            int best = -1;
            for (int h = 0; h < nh; h++) {
                double cap = pool.hosts[h].capacity();
                if (pool.perCpu[h] < perVcpu || available[h] < r) {
                    continue;
                }
                if (allocated[h] != 0 && r / cap > threshold) {
                    continue;
                }
                var model = pool.hosts[h].powerModel();
                double diff = model.watts((allocated[h] + r) / cap) - model.idleWatts();
                if (diff < minPower) {
                    minPower = diff;
                    best = h;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("server " + spec.id() + " (" + r + " CPU units) fits on no host at the start;"
                        + " add hosts or shrink the servers");
            }
            allocated[best] += r;
            available[best] -= r;
            pool.place(s, best);
        }
    }
}
