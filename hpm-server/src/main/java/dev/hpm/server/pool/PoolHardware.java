package dev.hpm.server.pool;

import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.pool.PoolInventory;

import java.util.Set;

/**
 * A pool's hosts as DWM sees and moves them: the {@link PoolInventory} (capacity, memory, power
 * state, maintenance, power model) and the {@link PoolActuator}. The demo pool's is simulated
 * ({@code DemoPool.hardware}); a pool of libvirt hosts gets {@link ServedHardware}, whose actuator is
 * composed of the {@link PoolDrivers}' migration and power parts.
 */
public interface PoolHardware extends PoolInventory {
    PoolActuator actuator();

    /** The power driver's name for the API: {@code simulated}, {@code ipmi}, {@code wol} or {@code none}. */
    String driver(String host);

    /** Sets the hosts an operator put in maintenance (entering or in); the inventory reports them so. */
    void maintenance(Set<String> hosts);
}
