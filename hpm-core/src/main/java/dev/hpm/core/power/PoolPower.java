package dev.hpm.core.power;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link HostPower} of each host of a pool, and the power half of its {@link PoolActuator}:
 * {@code hpm serve} composes its actuator as {@code power.actuator(libvirtMigrations)}, so that
 * DWM's power-on and power-off actions go through each host's power rules (deadline, empty hosts
 * only) and its migrations and shut-downs through the libvirt driver. The pool's inventory reads
 * {@link #state} for each host's {@code HostFacts}. A host not registered has no power control.
 */
public final class PoolPower {
    private final Map<String, HostPower> hosts = new LinkedHashMap<>();

    public PoolPower(Collection<HostPower> hosts) {
        hosts.forEach(h -> this.hosts.put(h.host(), h));
    }

    public Optional<HostPower> host(String id) {
        return Optional.ofNullable(hosts.get(id));
    }

    public List<HostPower> hosts() {
        return List.copyOf(hosts.values());
    }

    public PoolActuator.Handle powerOn(String host) {
        HostPower h = hosts.get(host);
        return h == null ? PoolActuator.Handle.failed("host " + host + " has no power control") : h.powerOn();
    }

    public PoolActuator.Handle powerOff(String host) {
        HostPower h = hosts.get(host);
        return h == null ? PoolActuator.Handle.failed("host " + host + " has no power control") : h.powerOff();
    }

    /** The host's power state, or {@code otherwise} for a host without power control. */
    public PowerState state(String host, PowerState otherwise) {
        HostPower h = hosts.get(host);
        return h == null ? otherwise : h.state();
    }

    /**
     * An actuator that migrates and shuts servers down through {@code servers} and powers hosts
     * through this pool's power control.
     */
    public PoolActuator actuator(PoolActuator servers) {
        return new PoolActuator() {
            @Override
            public Handle migrate(String server, String from, String to) {
                return servers.migrate(server, from, to);
            }

            @Override
            public Handle shutdown(String server, String host) {
                return servers.shutdown(server, host);
            }

            @Override
            public Handle powerOn(String host) {
                return PoolPower.this.powerOn(host);
            }

            @Override
            public Handle powerOff(String host) {
                return PoolPower.this.powerOff(host);
            }
        };
    }
}
