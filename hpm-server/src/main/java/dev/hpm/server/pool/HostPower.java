package dev.hpm.server.pool;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;

/**
 * The power part of one host's actuator: switches it on and off and says what state it is in.
 * Drivers: the simulator's (the demo pool), IPMI and Wake-on-LAN (hpm-power, adapted from its
 * {@code dev.hpm.core.power.PowerControl}). Calls return at once with a handle the pool runner
 * polls; power-on is done only once the host's hypervisor answers.
 */
public interface HostPower {
    /** The API's driver name: {@code ipmi}, {@code wol}, {@code simulated} or {@code none}. */
    String driver();

    PoolActuator.Handle powerOn();

    PoolActuator.Handle powerOff();

    /** The state as the driver knows it, or null if it cannot tell (then the stored state holds). */
    default PowerState state() {
        return null;
    }

    /** No power control: the planner is told, marks the host and stops choosing it. */
    static HostPower none() {
        return new HostPower() {
            @Override
            public String driver() {
                return "none";
            }

            @Override
            public PoolActuator.Handle powerOn() {
                return PoolActuator.Handle.failed("this host has no power control (set its power-settings)");
            }

            @Override
            public PoolActuator.Handle powerOff() {
                return PoolActuator.Handle.failed("this host has no power control (set its power-settings)");
            }
        };
    }
}
