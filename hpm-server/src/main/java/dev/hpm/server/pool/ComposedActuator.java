package dev.hpm.server.pool;

import dev.hpm.core.pool.PoolActuator;

import java.util.function.Function;

/**
 * A pool's {@link PoolActuator} as {@code hpm serve} builds it: one {@link Migrator} for the pool
 * and one {@link HostPower} per host (looked up at each call, so new power settings apply at once).
 */
public final class ComposedActuator implements PoolActuator {
    private final Migrator migrator;
    private final Function<String, HostPower> power;

    public ComposedActuator(Migrator migrator, Function<String, HostPower> power) {
        this.migrator = migrator;
        this.power = power;
    }

    @Override
    public Handle migrate(String server, String from, String to) {
        return migrator.migrate(server, from, to);
    }

    @Override
    public Handle powerOn(String host) {
        return power.apply(host).powerOn();
    }

    @Override
    public Handle powerOff(String host) {
        return power.apply(host).powerOff();
    }

    @Override
    public Handle shutdown(String server, String host) {
        return migrator.shutdown(server, host);
    }
}
