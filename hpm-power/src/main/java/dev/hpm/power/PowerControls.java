package dev.hpm.power;

import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.power.SimulatedPower;

import java.util.Optional;

/** The driver of a host's {@link PowerSettings}: what {@code hpm serve} gives each {@code HostPower}. */
public final class PowerControls {
    private PowerControls() {
    }

    /**
     * The driver for {@code settings} (validated here), or empty for {@code none}. A simulated
     * chassis starts on, as the simulated hosts do.
     *
     * @throws dev.hpm.core.model.InvalidDefinitionException naming every problem of the settings
     */
    public static Optional<PowerControl> create(PowerSettings settings) {
        settings.validate();
        return switch (settings) {
            case PowerSettings.Ipmi ipmi -> Optional.of(new IpmiPower(ipmi));
            case PowerSettings.WakeOnLan wol -> Optional.of(new WakeOnLan(wol));
            case PowerSettings.Simulated s -> Optional.of(new SimulatedPower(true));
            case PowerSettings.None n -> Optional.empty();
        };
    }
}
