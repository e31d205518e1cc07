package dev.hpm.sim.pool;

import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
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

        /** Internal: a host leaves maintenance or finishes a power transition. */
        record Transition(long at, int host, String action, PowerState to) implements Event {
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

    void fire(long now, SimPool pool, PoolPlanner planner) {
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
                        planner.outcome(new PoolAction.Migrate(flight.action, pool.servers[flight.server].id(),
                                pool.hosts[flight.from].id(), pool.hosts[flight.to].id(), List.of(), null, null),
                                false, "migration failed (event at host " + pool.hosts[f.host()].id() + ")");
                    }
                    pool.refresh(f.host(), now);
                }
                case Event.Transition t -> transition(t, pool, planner);
            }
        }
    }

    private void transition(Event.Transition t, SimPool pool, PoolPlanner planner) {
        if (t.to() == null) {
            pool.maintenance[t.host()] = false;
            return;
        }
        pool.power[t.host()] = t.to();
        if (t.action() != null) {
            boolean ok = t.to() != PowerState.FAILED;
            planner.outcome(new PoolAction.PowerOn(t.action(), pool.hosts[t.host()].id(), List.of(), null), ok,
                    ok ? "host is on" : "host did not come up by its deadline");
        }
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
                pool.power[h] = PowerState.BOOTING;
                PowerState result = pool.failNextPowerOn[h] ? PowerState.FAILED : PowerState.ON;
                pool.failNextPowerOn[h] = false;
                schedule(new Event.Transition(now + boot.toNanos(), h, on.id(), result));
                yield null;
            }
            case PoolAction.PowerOff off -> {
                int h = index(pool, off.host());
                if (h < 0 || pool.power[h] != PowerState.ON || !pool.vms[h].isEmpty()) {
                    yield h < 0 ? "no host " + off.host() : "host " + off.host() + " is not an empty powered host";
                }
                pool.power[h] = PowerState.SHUTTING_DOWN;
                schedule(new Event.Transition(now + pool.rules.shutdownDelay().toNanos(), h, null, PowerState.OFF));
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
