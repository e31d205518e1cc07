package dev.hpm.server.runtime;

import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.server.pool.PoolHardware;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.run.SimPoolActuator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The demo pool's hardware: the simulator's {@link SimPoolActuator} (live migration by the
 * pre-copy model, host power off → booting → on → shutting down) behind the server's host ids
 * ({@code sim://NAME}), for the hosts of one server pool. Every call takes the demo's lock, which
 * each simulated tick holds too, so DWM's calls and simulated time do not interleave; handles are
 * read under it as well.
 */
public final class DemoHardware implements PoolHardware {
    private final SimPoolActuator sim;
    private final Object lock;
    private final Set<String> members;
    private volatile Set<String> maintenance = Set.of();
    private final PoolActuator actuator = new PoolActuator() {
        @Override
        public Handle migrate(String server, String from, String to) {
            synchronized (lock) {
                return locked(sim.migrate(server, name(from), name(to)));
            }
        }

        @Override
        public Handle powerOn(String host) {
            synchronized (lock) {
                return locked(sim.powerOn(name(host)));
            }
        }

        @Override
        public Handle powerOff(String host) {
            synchronized (lock) {
                return locked(sim.powerOff(name(host)));
            }
        }

        @Override
        public Handle shutdown(String server, String host) {
            synchronized (lock) {
                return locked(sim.shutdown(server, name(host)));
            }
        }
    };

    DemoHardware(SimPoolActuator sim, Object lock, Collection<String> members) {
        this.sim = sim;
        this.lock = lock;
        this.members = Set.copyOf(members);
    }

    /** The same simulated hardware for another set of the demo's hosts. */
    public DemoHardware subset(Collection<String> ids) {
        return new DemoHardware(sim, lock, ids);
    }

    private static String name(String id) {
        return id.startsWith("sim://") ? id.substring("sim://".length()) : id;
    }

    private Handle locked(PoolActuator.Handle h) {
        return new Handle(h);
    }

    /** A simulator's handle read under the demo's lock. */
    private final class Handle implements PoolActuator.Handle {
        private final PoolActuator.Handle inner;

        Handle(PoolActuator.Handle inner) {
            this.inner = inner;
        }

        @Override
        public PoolActuator.State state() {
            synchronized (lock) {
                return inner.state();
            }
        }

        @Override
        public double progress() {
            synchronized (lock) {
                return inner.progress();
            }
        }

        @Override
        public String detail() {
            synchronized (lock) {
                return inner.detail();
            }
        }
    }

    @Override
    public List<HostFacts> hosts() {
        List<HostFacts> out = new ArrayList<>();
        synchronized (lock) {
            for (HostFacts f : sim.hosts()) {
                String id = SimDriver.uriOf(f.id());
                if (members.contains(id)) {
                    out.add(new HostFacts(id, f.capacity(), f.cpus(), f.memoryMb(), f.power(),
                            f.maintenance() || maintenance.contains(id), f.powerModel()));
                }
            }
        }
        return out;
    }

    @Override
    public long serverMemoryMb(String server) {
        synchronized (lock) {
            return sim.serverMemoryMb(server);
        }
    }

    @Override
    public PoolActuator actuator() {
        return actuator;
    }

    @Override
    public String driver(String host) {
        return "simulated";
    }

    @Override
    public void maintenance(Set<String> hosts) {
        maintenance = Set.copyOf(hosts);
    }

    /** The simulated power state and model of {@code host} (by id). */
    public PowerState power(String host) {
        synchronized (lock) {
            return sim.power().state(name(host));
        }
    }

    public PowerModel model(String host) {
        synchronized (lock) {
            return sim.power().model(name(host));
        }
    }
}
