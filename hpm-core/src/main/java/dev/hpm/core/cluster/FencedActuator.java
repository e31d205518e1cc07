package dev.hpm.core.cluster;

import dev.hpm.core.pool.PoolActuator;

/**
 * A server pool's actuator in a cluster (docs/cluster.md): a live migration starts only if this
 * instance holds valid leases on both hosts, a power action or a shut-down only with the host's
 * lease, each checked immediately before the call; else the action fails at once, saying why (DWM
 * then treats it as any failed action). Each action started is told to the change log with the
 * epoch of its host.
 */
public final class FencedActuator implements PoolActuator {
    private final PoolActuator actuator;
    private final LeaseGuard guard;
    private final FencedDriver.ChangeLog log;

    public FencedActuator(PoolActuator actuator, LeaseGuard guard, FencedDriver.ChangeLog log) {
        this.actuator = actuator;
        this.guard = guard;
        this.log = log;
    }

    @Override
    public Handle migrate(String server, String from, String to) {
        String what = "migration of " + server + " from " + from + " to " + to;
        var source = guard.epoch(from);
        var target = guard.epoch(to);
        if (source.isEmpty() || target.isEmpty()) {
            log.refused(source.isEmpty() ? from : to, what);
            return Handle.failed(new FencedException(source.isEmpty() ? from : to, what).getMessage());
        }
        Handle h = actuator.migrate(server, from, to);
        log.changed(from, source.get(), what);
        log.changed(to, target.get(), what);
        return h;
    }

    @Override
    public Handle powerOn(String host) {
        return fenced(host, "power-on", () -> actuator.powerOn(host));
    }

    @Override
    public Handle powerOff(String host) {
        return fenced(host, "power-off", () -> actuator.powerOff(host));
    }

    @Override
    public Handle shutdown(String server, String host) {
        return fenced(host, "shut-down of " + server, () -> actuator.shutdown(server, host));
    }

    private Handle fenced(String host, String what, java.util.function.Supplier<Handle> action) {
        var epoch = guard.epoch(host);
        if (epoch.isEmpty()) {
            log.refused(host, what);
            return Handle.failed(new FencedException(host, what).getMessage());
        }
        Handle h = action.get();
        log.changed(host, epoch.get(), what);
        return h;
    }
}
