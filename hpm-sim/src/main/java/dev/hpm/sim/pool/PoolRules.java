package dev.hpm.sim.pool;

import java.time.Duration;

/**
 * How the simulated pool models the world. {@link #cloudSim()} gives CloudSim 3.0.3's rules, used
 * by the PlanetLab study so that it runs the same work as CloudSim (../shared/data/planetlab/cloudsim.md):
 * a host draws nothing once it is empty and needs no boot, a server whose request is 0 leaves for
 * good, only CPU constrains placement, every migration of a round starts at once.
 *
 * @param allocation            how a host divides its CPU among its servers
 * @param emptyHostDrawsNothing CloudSim: a host whose utilisation was 0 at the start of an interval
 *                              draws nothing over it (it is "switched off" without a power state)
 * @param zeroDemandLeaves      CloudSim: a server that requests nothing (and is not moving) leaves the pool
 * @param memoryConstrains      false for CloudSim, where memory requests are 0 after the start
 * @param floorPerUnit          CloudSim floors oversubscribed shares to whole MIPS: MIPS per CPU unit (0 for none)
 * @param migration             duration and cost of a live migration
 * @param maxMigrationsPerHost  concurrent migrations into or out of one host (0: no limit, as CloudSim)
 * @param maxMigrationsPerPool  concurrent migrations in the pool (0: no limit)
 * @param bootDelay             off → on
 * @param shutdownDelay         on → off
 * @param idleWattsWhileBooting whether booting and shutting-down hosts draw their idle power (else 0)
 * @param overlappingMigrations CloudSim: a server already moving may be sent on a second migration
 *                              (its under-load pass can move a server it just placed); both run,
 *                              both count, the later in plan order decides where it ends
 */
public record PoolRules(Allocation allocation, boolean emptyHostDrawsNothing, boolean zeroDemandLeaves,
                        boolean memoryConstrains, double floorPerUnit, MigrationModel migration,
                        int maxMigrationsPerHost, int maxMigrationsPerPool, Duration bootDelay,
                        Duration shutdownDelay, boolean idleWattsWhileBooting, boolean overlappingMigrations) {

    /** How a host divides its CPU. */
    public enum Allocation {
        /** CloudSim's proportional scaling ({@link ProportionalShare}). */
        PROPORTIONAL,
        /** The Linux CFS: water-filling by shares ({@code dev.hpm.core.cpu.CfsProjection}). */
        CFS
    }

    /** CloudSim 3.0.3's rules with its 1 Gbit/s host links and CPU units of 1000 MIPS. */
    public static PoolRules cloudSim() {
        return new PoolRules(Allocation.PROPORTIONAL, true, true, false, 1000, MigrationModel.cloudSim(1000), 0, 0,
                Duration.ZERO, Duration.ZERO, false, true);
    }

    /** HPM's own pools: CFS, real power states, memory counts, bounded concurrent migrations. */
    public static PoolRules hpm() {
        return new PoolRules(Allocation.CFS, false, false, true, 0,
                new MigrationModel(117, 20, 30, 50, 0.1, 0.1), 2, 8, Duration.ofMinutes(3),
                Duration.ofMinutes(1), true, false);
    }
}
