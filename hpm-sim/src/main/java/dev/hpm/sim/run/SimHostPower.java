package dev.hpm.sim.run;

import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.scenario.PoolSpec;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The power of a simulated pool's hosts: off → booting ({@code boot}) → on → shutting down
 * ({@code shutdown}) → off. An on host draws its {@link PowerModel}'s watts at the tick's
 * utilisation, a booting or shutting-down host its idle watts, an off host nothing; energy is
 * integrated tick by tick. A host that is not on does not answer libvirt. A {@code power-on-fails}
 * event makes the host's next power-on fail at the end of its boot delay (it stays off).
 */
public final class SimHostPower {
    private static final PowerModel DEFAULT_MODEL = PowerModel.linear(100, 200);

    private final Map<String, SimHost> hosts = new LinkedHashMap<>();
    private final Map<String, PowerModel> models;
    private final Map<String, PowerState> state = new LinkedHashMap<>();
    private final Map<String, Transition> transitions = new LinkedHashMap<>();
    private final Set<String> failNext = new HashSet<>();
    private final long bootNanos;
    private final long shutdownNanos;
    private double joules;
    private long nowNanos;

    private static final class Transition implements PoolActuator.Handle {
        final boolean on;
        final long until;
        final boolean fails;
        PoolActuator.State result = PoolActuator.State.RUNNING;
        String detail = "";

        Transition(boolean on, long until, boolean fails) {
            this.on = on;
            this.until = until;
            this.fails = fails;
        }

        @Override
        public PoolActuator.State state() {
            return result;
        }

        @Override
        public String detail() {
            return detail;
        }
    }

    SimHostPower(ScenarioPool pool, PoolSpec spec) {
        this.models = spec.powerModels();
        this.bootNanos = spec.boot().toNanos();
        this.shutdownNanos = spec.shutdown().toNanos();
        for (SimHost h : pool.hosts()) {
            hosts.put(h.name(), h);
            boolean off = spec.startOff().contains(h.name());
            state.put(h.name(), off ? PowerState.OFF : PowerState.ON);
            h.reachable(!off);
        }
    }

    public PowerState state(String host) {
        return state.getOrDefault(host, PowerState.OFF);
    }

    public PowerModel model(String host) {
        return models.getOrDefault(host, DEFAULT_MODEL);
    }

    /** Energy drawn so far, kWh. */
    public double kwh() {
        return joules / 3.6e6;
    }

    /** Hosts on now. */
    public int on() {
        return (int) state.values().stream().filter(PowerState::isOn).count();
    }

    void failNext(String host) {
        failNext.add(host);
    }

    PoolActuator.Handle powerOn(String host) {
        if (state(host) != PowerState.OFF) {
            return PoolActuator.Handle.failed("host " + host + " is " + state(host).name().toLowerCase() + ", not off");
        }
        Transition t = new Transition(true, nowNanos + bootNanos, failNext.remove(host));
        transitions.put(host, t);
        state.put(host, PowerState.BOOTING);
        return t;
    }

    PoolActuator.Handle powerOff(String host) {
        SimHost h = hosts.get(host);
        if (h == null || state(host) != PowerState.ON) {
            return PoolActuator.Handle.failed("host " + host + " is not on");
        }
        if (!h.domains().isEmpty()) {
            return PoolActuator.Handle.failed("host " + host + " still runs " + h.domains().size() + " servers");
        }
        Transition t = new Transition(false, nowNanos + shutdownNanos, false);
        transitions.put(host, t);
        state.put(host, PowerState.SHUTTING_DOWN);
        h.reachable(false);
        return t;
    }

    /** After a tick's energy is counted: ends the transitions due by the end of the tick. */
    void advance(long now, long tickNanos) {
        nowNanos = now + tickNanos;
        transitions.entrySet().removeIf(e -> {
            Transition t = e.getValue();
            if (t.until > now + tickNanos) {
                return false;
            }
            String host = e.getKey();
            if (t.on && t.fails) {
                state.put(host, PowerState.OFF);
                t.result = PoolActuator.State.FAILED;
                t.detail = "host " + host + " did not come up within its boot time";
            } else {
                state.put(host, t.on ? PowerState.ON : PowerState.OFF);
                hosts.get(host).reachable(t.on);
                t.result = PoolActuator.State.DONE;
            }
            return true;
        });
    }

    /** Adds the tick's energy of every host, in the state it had during the tick. */
    void account(long tickNanos) {
        double seconds = tickNanos / 1e9;
        for (Map.Entry<String, SimHost> e : hosts.entrySet()) {
            PowerState s = state(e.getKey());
            PowerModel m = model(e.getKey());
            double w = switch (s) {
                case ON -> m.watts(e.getValue().lastUsedCpus() / e.getValue().cpus());
                case BOOTING, SHUTTING_DOWN -> m.idleWatts();
                case OFF, FAILED -> 0;
            };
            joules += w * seconds;
        }
    }
}
