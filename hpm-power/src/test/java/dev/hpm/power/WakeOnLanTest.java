package dev.hpm.power;

import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerException;
import dev.hpm.core.power.PowerSettings;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Wake-on-LAN: the datagram captured on a loopback UDP socket is exactly the magic packet. */
class WakeOnLanTest {
    @Test
    void powerOn_packetCapturedOnLoopback_isExactlyTheMagicPacket() throws Exception {
        try (DatagramSocket capture = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            capture.setSoTimeout(5000);
            WakeOnLan wol = new WakeOnLan(new PowerSettings.WakeOnLan("52:54:00:AB:cd:0f", "127.0.0.1",
                    capture.getLocalPort(), Duration.ofMinutes(5)));
            wol.powerOn();
            DatagramPacket got = new DatagramPacket(new byte[1500], 1500);
            capture.receive(got);
            byte[] payload = Arrays.copyOf(got.getData(), got.getLength());
            String expected = "ffffffffffff" + "525400abcd0f".repeat(16);
            assertThat(HexFormat.of().formatHex(payload)).isEqualTo(expected);
            assertThat(payload).hasSize(102);
        }
    }

    @Test
    void powerOff_refusedSayingWhy_andStateUnknown() {
        WakeOnLan wol = new WakeOnLan(new PowerSettings.WakeOnLan("52:54:00:12:34:56"));
        assertThat(wol.canPowerOff()).isFalse();
        PowerException e = assertThrows(PowerException.class, wol::powerOff);
        assertThat(e.getMessage()).isEqualTo("Wake-on-LAN cannot power a host off (52:54:00:12:34:56): only wake it; "
                + "use IPMI power settings for a host power save may power off");
        assertThat(wol.state()).isEqualTo(PowerControl.Chassis.UNKNOWN);
        assertThat(wol.describe()).isEqualTo("wol 52:54:00:12:34:56 via 255.255.255.255:9");
    }

    @Test
    void constructor_invalidSettings_everyProblemNamed() {
        assertThatThrownBy(() -> new WakeOnLan(new PowerSettings.WakeOnLan("52:54:00:12:34", "1.2.3", 70000,
                Duration.ofMinutes(5)))).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("power-settings.mac is \"52:54:00:12:34\"")
                .hasMessageContaining("power-settings.broadcast is \"1.2.3\"")
                .hasMessageContaining("power-settings.port is 70000");
        assertThatThrownBy(() -> WakeOnLan.magicPacket(new byte[5])).hasMessage("a MAC address has 6 bytes, not 5");
    }
}
