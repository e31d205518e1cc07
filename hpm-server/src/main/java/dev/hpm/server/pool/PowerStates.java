package dev.hpm.server.pool;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.store.PoolRepository.Power;

/** DWM's power states and the API's (docs/pool-api.md), one to one. */
public final class PowerStates {
    private PowerStates() {
    }

    public static Power toStore(PowerState s) {
        return switch (s) {
            case ON -> Power.ON;
            case OFF -> Power.OFF;
            case BOOTING -> Power.POWERING_ON;
            case SHUTTING_DOWN -> Power.POWERING_OFF;
            case FAILED -> Power.POWER_ON_FAILED;
        };
    }

    public static PowerState toCore(Power p) {
        return switch (p) {
            case ON -> PowerState.ON;
            case OFF -> PowerState.OFF;
            case POWERING_ON -> PowerState.BOOTING;
            case POWERING_OFF -> PowerState.SHUTTING_DOWN;
            case POWER_ON_FAILED -> PowerState.FAILED;
        };
    }
}
