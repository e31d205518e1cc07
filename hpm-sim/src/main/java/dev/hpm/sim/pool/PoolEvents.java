package dev.hpm.sim.pool;

import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PowerState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What happens to a pool besides its planner's migrations: scenario events (maintenance, a host
 * that will fail to power on, migrations that fail) and the power transitions the planner asks for
 * (off → booting → on, on → shutting down → off, with the rules' delays).
 */
public final class PoolEvents {
    /** No events; power actions are refused. */
    public static final PoolEvents NONE = new PoolEvents(List.of(), null);

    /** A scenario event at {@code at} ns into the run. */
    public sealed interface Event {
        long at();

        int host();

        /** The host enters maintenance mode for {@code lasting} ns (0: until the end). */
        record Maintenance(long at, int host, long lasting) implements Event {
        }

        /** The host's next power-on fails at its deadline. */
        record PowerOnFails(long at, int host) implements Event {
        }

        /** Every migration into or out of the host in flight at this instant fails. */
        record MigrationsFail(long at, int host) implements Event {
        }

        /** Internal: a host leaves maintenance ({@code to} null) or finishes the power transition {@code action} asked for. */
        record Transition(long at, int host, PoolAction action, PowerState to) implements Event {
        }
    }

    private final List<Event> pending;
    private final java.time.Duration boot;

    /** @param boot the power-on delay of the pool's rules (null: power actions refused) */
    public PoolEvents(List<Event> events, java.time.Duration boot) {
        this.pending = new ArrayList<>(events);
        this.pending.sort(Comparator.comparingLong(Event::at));
        this.boot = boot;
    }

    /** The instant of the next event, or Long.MAX_VALUE. */
    long next() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.getFirst().at();
    }

    /** Told when an action has finished or failed. */
    @FunctionalInterface
    interface Settler {
        void settled(PoolAction action, boolean succeeded, String detail);
    }

    void fire(long now, SimPool pool, Settler settler) {
        while (!pending.isEmpty() && pending.getFirst().at() <= now) {
            switch (pending.removeFirst()) {
                case Event.Maintenance m -> {
                    pool.maintenance[m.host()] = true;
                    if (m.lasting() > 0) {
                        schedule(new Event.Transition(now + m.lasting(), m.host(), null, null));
                    }
                }
                case Event.PowerOnFails f -> pool.failNextPowerOn[f.host()] = true;
                case Event.MigrationsFail f -> {
                    for (SimPool.Flight flight : pool.fail(f.host())) {
                        settler.settled(new PoolAction.Migrate(flight.action, pool.servers[flight.server].id(),
                                pool.hosts[flight.from].id(), pool.hosts[flight.to].id(), List.of(), null, null),
                                false, "migration failed (event at host " + pool.hosts[f.host()].id() + ")");
                        pool.refresh(flight.from, now);
                        pool.refresh(flight.to, now);
                    }
                }
                case Event.Transition t -> transition(t, pool, settler, now);
            }
        }
    }

    private void transition(Event.Transition t, SimPool pool, Settler settler, long now) {
        if (t.to() == null) {
            pool.maintenance[t.host()] = false;
            return;
        }
        pool.setPower(t.host(), t.to(), now);
        boolean ok = t.to() != PowerState.FAILED;
        settler.settled(t.action(), ok, !ok ? "host did not come up by its deadline"
                : "host is " + t.to().name().toLowerCase());
    }

    /** Executes a power or shutdown action at {@code now}; the reason it cannot, or null. */
    String power(PoolAction a, SimPool pool, long now) {
        if (boot == null) {
            return "this pool has no power control (CloudSim's rules: an empty host simply draws nothing)";
        }
        return switch (a) {
            case PoolAction.PowerOn on -> {
                int h = index(pool, on.host());
                if (h < 0 || pool.power[h] != PowerState.OFF) {
                    yield h < 0 ? "no host " + on.host() : "host " + on.host() + " is " + pool.power[h].name().toLowerCase();
                }
                pool.setPower(h, PowerState.BOOTING, now);
                PowerState result = pool.failNextPowerOn[h] ? PowerState.FAILED : PowerState.ON;
                pool.failNextPowerOn[h] = false;
                schedule(new Event.Transition(now + boot.toNanos(), h, on, result));
                yield null;
            }
            case PoolAction.PowerOff off -> {
                int h = index(pool, off.host());
                if (h < 0 || pool.power[h] != PowerState.ON || !pool.vms[h].isEmpty()) {
                    yield h < 0 ? "no host " + off.host() : "host " + off.host() + " is not an empty powered host";
                }
                pool.setPower(h, PowerState.SHUTTING_DOWN, now);
                schedule(new Event.Transition(now + pool.rules.shutdownDelay().toNanos(), h, off, PowerState.OFF));
                yield null;
            }
            case PoolAction.Shutdown sd -> {
                int s = -1;
                for (int i = 0; i < pool.serverCount(); i++) {
                    if (pool.servers[i].id().equals(sd.server())) {
                        s = i;
                    }
                }
                if (s < 0 || !pool.alive[s] || pool.moving[s] > 0) {
                    yield "server " + sd.server() + " cannot be shut down now";
                }
                pool.vms[pool.host[s]].remove(s);
                pool.alive[s] = false;
                yield null;
            }
            case PoolAction.Migrate m -> "not a power action: " + m.id();
        };
    }

    private void schedule(Event e) {
        int i = 0;
        while (i < pending.size() && pending.get(i).at() <= e.at()) {
            i++;
        }
        pending.add(i, e);
    }

    private static int index(SimPool pool, String host) {
        for (int h = 0; h < pool.hostCount(); h++) {
            if (pool.hosts[h].id().equals(host)) {
                return h;
            }
        }
        return -1;
    }
}
