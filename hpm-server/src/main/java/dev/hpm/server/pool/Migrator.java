package dev.hpm.server.pool;

import dev.hpm.core.pool.PoolActuator;

/**
 * The migration part of a pool's actuator: starts a live migration of a server (by name) between
 * two hosts of the pool (by id) and returns at once with a handle (state, progress, detail). The
 * libvirt driver implements it with {@code virDomainMigrateToURI3} and the pool's
 * {@link PoolPolicy.Migration} settings; the demo pool with the simulator's.
 */
@FunctionalInterface
public interface Migrator {
    PoolActuator.Handle migrate(String server, String from, String to);

    /** Shuts a server down (maintenance with the shut-down action); refused by default. */
    default PoolActuator.Handle shutdown(String server, String host) {
        return PoolActuator.Handle.failed("shutting servers down is not supported by this pool's driver");
    }

    /** No live migration: every move fails, saying why. */
    static Migrator none(String why) {
        return (server, from, to) -> PoolActuator.Handle.failed(why);
    }
}
