package dev.hpm.power;

import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.power.Secret;
import dev.hpm.core.power.SimulatedPower;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each driver made from its settings; invalid settings refused before any driver exists. */
class PowerControlsTest {
    @Test
    void create_eachDriver_fromItsSettings() {
        assertThat(PowerControls.create(new PowerSettings.Ipmi("10.0.0.5", 623, "hpm", Secret.of("pw"))))
                .get().isInstanceOf(IpmiPower.class).extracting(PowerControl::describe).isEqualTo("ipmi 10.0.0.5:623 as hpm");
        assertThat(PowerControls.create(new PowerSettings.WakeOnLan("52:54:00:12:34:56"))).get().isInstanceOf(WakeOnLan.class);
        assertThat(PowerControls.create(new PowerSettings.Simulated())).get().isInstanceOf(SimulatedPower.class)
                .extracting(c -> ((SimulatedPower) c).isOn()).isEqualTo(true);
        assertThat(PowerControls.create(new PowerSettings.None())).isEmpty();
    }

    @Test
    void create_invalidSettings_refusedNamingTheProblem() {
        assertThatThrownBy(() -> PowerControls.create(new PowerSettings.Ipmi("10.0.0.5", 623, "hpm", Secret.of(""))))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("power-settings.password is (hidden): give the BMC user's password");
    }
}
